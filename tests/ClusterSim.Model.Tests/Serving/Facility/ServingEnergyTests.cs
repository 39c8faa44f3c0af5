using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Serving.Facility;

/// <summary>
/// Energy and cost of whole scenario runs (`clustersim run`'s path) against hand calculations from
/// the documented figures: Splitwise's H100 phase power (75 / 380 / 700 W), the DGX-H100 host
/// estimates (host 1,500 W, network 200 W, fans 100 + 1,100 u^3 W), the air PUE curve
/// (1.5 at design load, 30 % of the overhead fixed) and the catalog's H100 price ($27,500).
/// </summary>
public sealed class ServingEnergyTests(ITestOutputHelper output)
{
    // Decode: the plug-in predictor books a decode step as wholly memory time, so idle + memory at 3.35 TB/s x 8 x 3.9 pJ/bit.
    private const double H100Idle = 75, H100Decode = 75 + 104.52, H100Prefill = 700;
    private const double HostW = 1500 + 200;
    private const double NodeDesignW = (8 * 700) + HostW + 1200;
    private const double SecondsPerYear = 365 * 86_400.0;

    private static double Fans(double acceleratorW) => 100 + (1100 * Math.Pow(acceleratorW / (8 * 700), 3));

    private static double NodeW(double perAccelerator) => (8 * perAccelerator) + HostW + Fans(8 * perAccelerator);

    [Fact]
    public void An_idle_cluster_for_one_hour_uses_exactly_idle_power_times_time_times_PUE()
    {
        var run = FacilityScenarioKit.Run("""
            name: idle-hour
            workloads:
              chat:
                kind: text
                model: llama-3.1-8b
                arrival: {kind: constant, rate: 0.0001}   # the first arrival would come after 10,000 s
                prompt_tokens: 100
                output_tokens: 10
            hardware:
              nodes:
                dgx: {count: 2, accelerator: h100-sxm, per_node: 8}
            deployments:
              llama: {model: llama-3.1-8b, nodes: dgx, tp: 2, replicas: 8}
            facility:
              cooling: {kind: air}
              outside_temp: 15
            run:
              duration: 1h
            """);
        var energy = run.Facility.Energy;

        // Two nodes idle; 15 °C is below air's 20 °C free-cooling limit, so PUE depends on load alone:
        // overhead = (1.5 - 1) (0.3 D + 0.7 P) with D the design IT power.
        var itW = 2 * NodeW(H100Idle);
        var overheadW = 0.5 * ((0.3 * 2 * NodeDesignW) + (0.7 * itW));
        var pue = (itW + overheadW) / itW;
        var itKwh = itW * 3600 / 3.6e6;

        Assert.Equal(0, run.Result.Overall.Arrived);
        Assert.Equal(3600, energy.DurationS);
        Assert.True(Math.Abs(energy.ItKwh / itKwh - 1) < 1e-9, $"IT {energy.ItKwh} kWh, expected {itKwh}");
        Assert.True(Math.Abs(energy.FacilityKwh / (itKwh * pue) - 1) < 1e-9, $"facility {energy.FacilityKwh} kWh, expected {itKwh * pue}");
        Assert.True(Math.Abs(energy.MeanPue / pue - 1) < 1e-9, $"PUE {energy.MeanPue}, expected {pue}");
        Assert.True(Math.Abs(run.Facility.Cost.EnergyUsd / (itKwh * pue * 0.0806) - 1) < 1e-9, "electricity at the default 0.0806 USD/kWh");
        Assert.Equal(0, energy.BusyAcceleratorHours);
    }

    [Fact]
    public void Energy_and_cost_of_a_fixed_workload_on_8_H100_match_a_hand_calculation_within_1_percent()
    {
        // One request every 10 s, each alone on the node: a 2,000-token prompt at 0.1 ms a token
        // (0.2 s, compute-bound: 700 W) then 100 decode steps of 20 ms (2 s, memory-bound: 179.52 W).
        var run = FacilityScenarioKit.Run("""
            name: fixed-8xh100
            workloads:
              fixed:
                kind: text
                model: llama-3.1-70b
                arrival: {kind: constant, rate: 0.1}
                prompt_tokens: 2000
                output_tokens: 101
            hardware:
              nodes:
                dgx: {count: 1, accelerator: h100-sxm, per_node: 8}
            deployments:
              llama:
                model: llama-3.1-70b
                nodes: dgx
                tp: 8
                execution_model: {name: ClusterSim.Model.Tests.Serving.Facility.PhasePredictor, prefill_ms_per_token: 0.1, decode_ms: 20}
            facility:
              cooling: {kind: air}
              outside_temp: 15
              electricity: 0.12
              costs: {server_usd: 60000, lifetime_years: 4, opex_usd_per_year: 20000}
            run:
              duration: 100s
            """);
        var energy = run.Facility.Energy;
        var cost = run.Facility.Cost;
        var n = run.Result.Overall.Completed;
        var t = run.Result.SimulatedNs / 1e9;
        Assert.InRange(n, 9, 11);

        var prefill = n * 0.2;
        var decode = n * 100 * 0.020;
        var idle = t - prefill - decode;
        var itJ = (prefill * NodeW(H100Prefill)) + (decode * NodeW(H100Decode)) + (idle * NodeW(H100Idle));
        var itKwh = itJ / 3.6e6;
        var acceleratorKwh = 8 * ((prefill * H100Prefill) + (decode * H100Decode) + (idle * H100Idle)) / 3.6e6;
        var facilityKwh = ((1.35 * itJ) + (0.15 * NodeDesignW * t)) / 3.6e6; // overhead 0.5 (0.3 D + 0.7 P) at 15 °C
        var energyUsd = facilityKwh * 0.12;
        var capexUsd = ((8 * 27_500) + 60_000) * t / (4 * SecondsPerYear);
        var opexUsd = 20_000 * t / SecondsPerYear;
        var total = energyUsd + capexUsd + opexUsd;
        var perMillion = total / (n * 101) * 1e6;
        output.WriteLine($"{n} requests over {t} s: IT {energy.ItKwh:F5} kWh (hand {itKwh:F5}), facility {energy.FacilityKwh:F5} (hand {facilityKwh:F5}), " +
            $"total {cost.TotalUsd:F5} USD (hand {total:F5}), {cost.UsdPerMillionOutputTokens:F3} USD per million tokens (hand {perMillion:F3})");

        Assert.InRange(energy.ItKwh / itKwh, 0.99, 1.01);
        Assert.InRange(energy.AcceleratorKwh / acceleratorKwh, 0.99, 1.01);
        Assert.InRange(energy.FacilityKwh / facilityKwh, 0.99, 1.01);
        Assert.InRange(energy.PeakItKw / (NodeW(H100Prefill) / 1e3), 0.99, 1.01);
        Assert.InRange(cost.EnergyUsd / energyUsd, 0.99, 1.01);
        Assert.InRange(cost.CapexUsd / capexUsd, 0.99, 1.01);
        Assert.InRange(cost.OpexUsd / opexUsd, 0.99, 1.01);
        Assert.InRange(cost.TotalUsd / total, 0.99, 1.01);
        Assert.InRange(cost.UsdPerMillionOutputTokens!.Value / perMillion, 0.99, 1.01);
        Assert.InRange(energy.BusyAcceleratorHours / (8 * (prefill + decode) / 3600), 0.99, 1.01);
    }

    [Fact]
    public void Power_series_integrate_to_the_energy_and_racks_add_up_to_the_site()
    {
        var run = FacilityScenarioKit.Run(ScenarioText.DefaultWithRacks, "run.duration=20s");
        var power = run.Facility.Power;
        var itJ = power.SiteItW.Sum(b => b.Mean * (b.EndNs - b.StartNs) / 1e9);
        Assert.InRange(itJ / 3.6e6 / run.Facility.Energy.ItKwh, 1 - 1e-9, 1 + 1e-9);
        Assert.Equal(2, power.Racks.Count);
        for (var i = 0; i < power.SiteItW.Count; i++)
        {
            var racks = power.Racks.Sum(r => r.ItW[i].Mean);
            Assert.InRange(racks / power.SiteItW[i].Mean, 1 - 1e-9, 1 + 1e-9);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_energy_and_cost()
    {
        var a = FacilityScenarioKit.Run(ScenarioText.DefaultWithRacks, "run.duration=10s").Facility;
        var b = FacilityScenarioKit.Run(ScenarioText.DefaultWithRacks, "run.duration=10s").Facility;
        Assert.Equal(a.Energy, b.Energy);
        Assert.Equal(a.Cost.TotalUsd, b.Cost.TotalUsd);
    }
}
