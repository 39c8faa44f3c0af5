using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Tests.Serving.Cluster;
using ClusterSim.Model.Workloads.Sizes;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Runs;

/// <summary>Runs whose size has no ceiling are stopped before they start, or bounded while they run.</summary>
public sealed class RunawayGuardTests
{
    [Fact]
    public void The_estimate_is_rate_times_warmup_plus_duration_and_past_the_limit_names_force()
    {
        // Default scenario: one chat class; rate x (warm-up + duration) by hand.
        var scenario = ScenarioLoader.LoadDefault(["workloads.chat.arrival.rate=2000", "run.duration=10h", "run.warmup=0s"]);
        var estimate = RunEstimate.Of(ScenarioCompiler.Compile(scenario));

        Assert.Equal(2000 * 36_000.0, estimate.Arrivals!.Value, 6);
        Assert.Equal(72e6 * RunEstimate.RequestsCsvRowBytes, estimate.RequestsCsvBytes!.Value, 6);
        var refusal = estimate.Refusal(writesRequests: false);
        Assert.NotNull(refusal);
        Assert.Contains("about 72,000,000 arrivals", refusal);
        Assert.Contains("--force", refusal);
    }

    [Fact]
    public void A_large_requests_csv_alone_is_refused_only_while_it_is_written()
    {
        var estimate = new RunEstimate(46e6, 46e6 * RunEstimate.RequestsCsvRowBytes);

        Assert.Contains("--no-requests", estimate.Refusal(writesRequests: true));
        Assert.Null(estimate.Refusal(writesRequests: false));
    }

    [Fact]
    public void A_request_limit_caps_the_estimate_and_an_ordinary_run_is_not_refused()
    {
        var limited = RunEstimate.Of(ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(["workloads.chat.arrival.rate=2000", "run.duration=10h", "run.requests=1000"])));
        var plain = RunEstimate.Of(ScenarioCompiler.Compile(ScenarioLoader.LoadDefault()));

        Assert.Equal(1000, limited.Arrivals!.Value);
        Assert.Null(limited.Refusal(writesRequests: true));
        Assert.Null(plain.Refusal(writesRequests: true));
    }

    [Fact]
    public void An_overloaded_cluster_holds_at_most_its_bound_and_counts_the_rest_as_dropped()
    {
        // 1,000 req/s onto a replica serving ~100 sequences at ~50 ms a step: far past capacity.
        var setup = new ServingSetup
        {
            Classes = [ServingTestKit.PoissonClass("c", 1000, new UniformSize(100, 200), new UniformSize(100, 200), 5_000)],
            Pools = [ServingTestKit.Pool(1, ServingTestKit.Config(maxSequences: 100), new LinearIterationTimer(50_000_000))],
            MaxInFlight = 300,
        };

        var result = ClusterRun.Execute(setup);
        var c = result.Classes[0];

        Assert.Equal(5_000, c.Arrived);
        Assert.Equal(c.Arrived, c.Completed + c.Dropped + c.InFlight); // conservation
        Assert.True(c.Dropped > 4_000, $"dropped {c.Dropped}");
        Assert.Contains(result.Notes, n => n.StartsWith($"overloaded: {c.Dropped:N0} text arrivals were dropped because 300 requests", StringComparison.Ordinal));
    }

    [Fact]
    public void The_scenario_sets_the_bound_and_an_offline_burst_above_it_is_dropped_and_named()
    {
        // 600 requests issued at once (an offline run) against a bound of 250: 350 are refused on arrival, the
        // rest served; by default (2,000,000) all 600 are.
        string[] burst = ["workloads.chat.arrival={kind: constant, rate: 1000000}", "run.requests=600", "run.warmup=0s"];
        var bounded = ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.LoadDefault([.. burst, "run.max_in_flight=250"])));
        var c = bounded.Classes[0];
        Assert.Equal(600, c.Arrived);
        Assert.Equal(350, c.Dropped);
        Assert.Equal(250, c.Completed);
        Assert.Contains(bounded.Notes, n => n.StartsWith("overloaded: 350 text arrivals were dropped because 250 requests", StringComparison.Ordinal)
                                            && n.Contains("run.max_in_flight", StringComparison.Ordinal));

        var unbounded = ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(burst)));
        Assert.Equal(600, unbounded.Classes[0].Completed);
        Assert.Equal(0, unbounded.Classes[0].Dropped);
    }

    [Fact]
    public void Under_the_bound_nothing_is_dropped_and_no_note_is_added()
    {
        var setup = new ServingSetup
        {
            Classes = [ServingTestKit.PoissonClass("c", 5, new UniformSize(100, 200), new UniformSize(10, 20), 200)],
            Pools = [ServingTestKit.Pool(1, ServingTestKit.Config(), new LinearIterationTimer(5_000_000))],
        };

        var result = ClusterRun.Execute(setup);

        Assert.Equal(0, result.Classes[0].Dropped);
        Assert.DoesNotContain(result.Notes, n => n.StartsWith("overloaded", StringComparison.Ordinal));
    }
}
