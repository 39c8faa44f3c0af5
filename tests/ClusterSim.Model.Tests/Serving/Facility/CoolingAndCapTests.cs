using ClusterSim.Model.Facility;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Serving.Facility;

/// <summary>
/// Thermal throttling and power caps feeding back into serving latency, through whole scenario runs.
/// </summary>
public sealed class CoolingAndCapTests(ITestOutputHelper output)
{
    /// <summary>
    /// Long prompts (compute-bound prefill near 700 W per H100) on one 8x H100 node kept about 96 % busy
    /// (5 requests/s with the default vllm stack), on a hot day that peaks at midnight so the run starts in the heat.
    /// </summary>
    private const string HotDay = """
        name: hot-day
        workloads:
          rag:
            kind: text
            model: llama-3.1-70b
            arrival: {kind: poisson, rate: 5}
            prompt_tokens: {kind: uniform, min: 3000, max: 5000}
            output_tokens: 16
        hardware:
          nodes:
            dgx: {count: 1, accelerator: h100-sxm, per_node: 8}
        deployments:
          llama: {model: llama-3.1-70b, nodes: dgx, tp: 8}
        facility:
          cooling: {kind: air}
          outside_temp: {kind: daily, mean_c: 53, amplitude_c: 5, peak_at: 0h}
        run:
          duration: 240s
          seed: 3
        """;

    [Fact]
    public void On_a_hot_day_air_throttles_with_a_higher_p99_latency_and_liquid_has_a_lower_PUE()
    {
        var air = FacilityScenarioKit.Run(HotDay);
        var liquid = FacilityScenarioKit.Run(HotDay, "facility.cooling.kind=liquid");
        var airP99 = FacilityScenarioKit.Percentile(air.E2eSeconds, 0.99);
        var liquidP99 = FacilityScenarioKit.Percentile(liquid.E2eSeconds, 0.99);
        output.WriteLine($"air: {air.Facility.Throttles.Count} throttling stretches ({air.Facility.Energy.ThrottledNodeHours * 3600:F0} s), " +
            $"p99 E2E {airP99:F2} s, PUE {air.Facility.Energy.MeanPue:F3}, max {air.Facility.Energy.MaxAcceleratorTempC:F1} °C, " +
            $"{air.Facility.Cost.UsdPerMillionOutputTokens:F2} USD per million tokens");
        output.WriteLine($"liquid: {liquid.Facility.Throttles.Count} throttling stretches, p99 E2E {liquidP99:F2} s, PUE {liquid.Facility.Energy.MeanPue:F3}, " +
            $"max {liquid.Facility.Energy.MaxAcceleratorTempC:F1} °C, {liquid.Facility.Cost.UsdPerMillionOutputTokens:F2} USD per million tokens");

        Assert.Equal(air.Result.Overall.Arrived, liquid.Result.Overall.Arrived); // the same traffic
        Assert.NotEmpty(air.Facility.Throttles);
        Assert.All(air.Facility.Throttles, t => Assert.True(t.PeakTemperatureC > 85 && t.LowestClock < 1));
        Assert.Empty(liquid.Facility.Throttles);
        Assert.True(air.Facility.Energy.MeanBusyClock < 1);
        Assert.True(airP99 > liquidP99, $"air p99 {airP99} s should exceed liquid's {liquidP99} s");
        Assert.True(liquid.Facility.Energy.MeanPue < air.Facility.Energy.MeanPue);

        // Independent check that air had to throttle: liquid served the same traffic unthrottled, so its
        // mean accelerator power is the demand. Under air's thermal path (inlet = outside + 2 °C,
        // R = 0.0714 K/W) that demand settles above the 85 °C limit; under liquid's (inlet = outside
        // + 5 °C, R = 0.03 K/W) far below it.
        var outside = 53 + (5 * Math.Cos(2 * Math.PI * 120 / 86_400)); // mid-run
        var demandW = liquid.Facility.Energy.AcceleratorKwh * 3.6e6 / liquid.Facility.Energy.DurationS / 8;
        Assert.True(outside + 2 + (0.0714 * demandW) > 85, $"air steady state {outside + 2 + (0.0714 * demandW):F1} °C at {demandW:F0} W");
        Assert.True(outside + 5 + (0.03 * demandW) < 85);
    }

    [Theory]
    [InlineData(4.0)]
    [InlineData(3.0)] // so tight that some work waits for headroom even at the lowest clock
    public void With_a_site_cap_below_peak_demand_site_power_never_exceeds_it_and_latency_rises(double capKw)
    {
        var uncapped = FacilityScenarioKit.Run(ScenarioText.DefaultWithRacks, "run.duration=30s", "hardware.nodes.dgx.count=1",
            "deployments.llama.replicas=4");
        var highest = 0.0;
        FacilityModel? facility = null;
        var capped = FacilityScenarioKit.Run(ScenarioText.DefaultWithRacks,
            (sim, cluster) =>
            {
                facility = cluster.Facility;
                sim.Trace = (_, _, _) => highest = Math.Max(highest, facility!.SiteItW); // before each event: the state since the last
            },
            "run.duration=30s", "hardware.nodes.dgx.count=1", "deployments.llama.replicas=4", $"facility.power_cap.site_kw={capKw}");
        highest = Math.Max(highest, facility!.SiteItW);

        var e = capped.Facility.Energy;
        var ttft = (Uncapped: uncapped.TtftSeconds.Average(), Capped: capped.TtftSeconds.Average());
        var e2e = (Uncapped: uncapped.E2eSeconds.Average(), Capped: capped.E2eSeconds.Average());
        output.WriteLine($"cap {capKw} kW: uncapped peak {uncapped.Facility.Energy.PeakItKw:F2} kW, capped peak {e.PeakItKw:F3} kW, highest at an event {highest / 1e3:F3} kW, " +
            $"mean busy clock {e.MeanBusyClock:F3}, held back {e.HeldBack}; mean TTFT {ttft.Uncapped * 1e3:F1} -> {ttft.Capped * 1e3:F1} ms, mean E2E {e2e.Uncapped:F2} -> {e2e.Capped:F2} s");

        Assert.True(uncapped.Facility.Energy.PeakItKw > capKw, "the cap must bind");
        Assert.True(highest <= (capKw * 1e3) + 1e-6, $"site IT power {highest} W above the {capKw} kW cap at an event");
        Assert.True(e.PeakItKw <= capKw + 1e-9);
        Assert.Equal(uncapped.Result.Overall.Arrived, capped.Result.Overall.Completed); // everything still served
        Assert.True(e.MeanBusyClock < 1);
        Assert.True(ttft.Capped > ttft.Uncapped && e2e.Capped > e2e.Uncapped, "capping must cost latency");
        if (capKw <= 3.0)
        {
            Assert.True(e.HeldBack > 0, "at 3 kW four busy replicas cannot all fit even at half clock");
        }
    }

    [Fact]
    public void A_cap_that_cannot_fit_one_replica_is_a_clear_error()
    {
        var ex = Assert.Throws<ClusterSim.Scenarios.ScenarioException>(() => FacilityScenarioKit.Run(ScenarioText.DefaultWithRacks,
            "hardware.nodes.dgx.count=1", "deployments.llama.replicas=4", "facility.power_cap.site_kw=2.45"));
        var error = Assert.Single(ex.Errors);
        Assert.Contains("power_cap", error.Message);
        Assert.Equal("--set facility.power_cap.site_kw=2.45", error.File); // the cap given last is what to raise
        Assert.True(error.Line > 0);
    }
}
