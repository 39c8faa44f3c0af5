using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Serving.Facility;

/// <summary>Autoscaling on a compressed diurnal day (a 20-minute period) against a fixed fleet sized for the peak.</summary>
public sealed class AutoscalingTests(ITestOutputHelper output)
{
    /// <summary>Four TP2 replicas of Llama-3.1-8B, one per 2x H100 node, scaling on utilization, from zero.</summary>
    private const string Diurnal = """
        name: diurnal-autoscaling
        workloads:
          chat:
            kind: text
            model: llama-3.1-8b
            arrival: {kind: diurnal, mean_rate: 2, peak_to_trough: 10, period: 1200s, peak_at: 600s}
            prompt_tokens: {kind: lognormal, mean: 500, cv: 1.0, min: 4, max: 4096}
            output_tokens: {kind: lognormal, mean: 100, cv: 1.0, min: 1, max: 1024}
        hardware:
          nodes:
            dgx: {count: 4, accelerator: h100-sxm, per_node: 2}
        deployments:
          llama:
            model: llama-3.1-8b
            nodes: dgx
            tp: 2
            replicas: 4
            policies:
              autoscaling: {name: threshold, metric: utilization, scale_up_at: 0.8, scale_down_at: 0.4, min_replicas: 0, max_replicas: 4, cooldown: 30s, startup: 20s}
        run:
          duration: 1200s
          seed: 2
        """;

    [Fact]
    public void On_a_diurnal_day_autoscaling_uses_less_energy_than_a_fixed_fleet_and_cold_starts_show_in_the_waiting_requests()
    {
        var auto = FacilityScenarioKit.Run(Diurnal);
        var fixedFleet = FacilityScenarioKit.Run(Diurnal, "deployments.llama.policies.autoscaling=none");
        var scaling = Assert.Single(auto.Result.Autoscaling!);
        output.WriteLine($"autoscaled: IT {auto.Facility.Energy.ItKwh:F3} kWh, facility {auto.Facility.Energy.FacilityKwh:F3} kWh, " +
            $"{scaling.ScaleUps} cold starts, {scaling.ScaleDowns} scale-downs, mean {scaling.MeanRunningReplicas:F2} serving, {scaling.RequestsWaited} requests waited, " +
            $"p99 TTFT {FacilityScenarioKit.Percentile(auto.TtftSeconds, 0.99):F2} s");
        output.WriteLine($"fixed: IT {fixedFleet.Facility.Energy.ItKwh:F3} kWh, facility {fixedFleet.Facility.Energy.FacilityKwh:F3} kWh, " +
            $"p99 TTFT {FacilityScenarioKit.Percentile(fixedFleet.TtftSeconds, 0.99):F2} s");

        Assert.Null(fixedFleet.Result.Autoscaling);
        Assert.Equal(fixedFleet.Result.Overall.Arrived, auto.Result.Overall.Completed); // the same traffic, all served
        Assert.True(scaling.ScaleUps > 0 && scaling.ScaleDowns > 0);
        Assert.True(scaling.MeanRunningReplicas < 4);
        Assert.True(auto.Facility.Energy.ItKwh < fixedFleet.Facility.Energy.ItKwh);
        Assert.True(auto.Facility.Energy.FacilityKwh < fixedFleet.Facility.Energy.FacilityKwh);

        // While a pool starts from zero nothing serves it: every request reaching the cluster then waits for the
        // cold start to finish, and those are exactly the requests counted as having waited (each reaches it its
        // request path after its client sent it).
        var fromZero = scaling.ColdStarts.Where(c => c.FromZero).ToList();
        Assert.NotEmpty(fromZero);
        var waited = auto.Requests.Where(r => fromZero.Any(c => r.ReceivedNs >= c.StartNs && r.ReceivedNs < c.ReadyNs)).ToList();
        Assert.NotEmpty(waited);
        Assert.Equal(scaling.RequestsWaited, waited.Count);
        Assert.All(waited, r => Assert.True(r.FirstTokenNs >= fromZero.First(c => r.ReceivedNs >= c.StartNs && r.ReceivedNs < c.ReadyNs).ReadyNs));
        var waitedTtft = waited.Average(r => (r.FirstTokenNs - r.ArrivalNs) / 1e9);
        Assert.True(waitedTtft > 5 * fixedFleet.TtftSeconds.Average(), $"waited mean TTFT {waitedTtft:F2} s");
        Assert.True(FacilityScenarioKit.Percentile(auto.TtftSeconds, 0.99) > FacilityScenarioKit.Percentile(fixedFleet.TtftSeconds, 0.99));
    }

    [Fact]
    public void The_router_only_picks_serving_replicas()
    {
        // Never more than one replica serves: every request lands on the same one.
        var run = FacilityScenarioKit.Run(Diurnal, "run.duration=300s",
            "deployments.llama.policies.autoscaling.min_replicas=1", "deployments.llama.policies.autoscaling.max_replicas=1");
        Assert.NotEmpty(run.Requests);
        Assert.Single(run.Requests.Select(r => r.Replica).Distinct());
        Assert.Equal(0, Assert.Single(run.Result.Autoscaling!).ScaleUps);
    }

    [Fact]
    public void Max_replicas_above_the_deployment_is_a_clear_error()
    {
        var ex = Assert.Throws<ClusterSim.Scenarios.ScenarioException>(() => FacilityScenarioKit.Run(Diurnal, "deployments.llama.policies.autoscaling.max_replicas=6"));
        var error = Assert.Single(ex.Errors);
        Assert.Contains("max_replicas 6", error.Message);
        Assert.Equal(("facility-test.yaml", "autoscaling"), (error.File, Diurnal.Split('\n')[error.Line - 1].Trim().Split(':')[0]));
    }
}
