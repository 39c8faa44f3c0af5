using ClusterSim.Analysis.Planning;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Planning;

/// <summary>A target far above what the largest configuration could compute is declared infeasible without a run.</summary>
public sealed class AnalyticInfeasibilityTests
{
    // The default scenario at one accelerator per node and per replica: 32 nodes hold 32 replicas of Llama-3.1-8B
    // (8.03 B active parameters), chat requests of 1,000 + 250 tokens on average.
    // By hand: a request costs 2 x 8.03e9 x 1250 = 2.0075e13 FLOPs; 32 H100 SXM at 989.4 TFLOP/s (bf16) compute
    // 3.1661e16 FLOP/s, so at most 1,577.1 requests/s (twice that: 3,154.2); 32 MI300X at 1,307.4 TFLOP/s: 2,084.0 (4,168.1).
    private static PlanRequest Request(double rate) => new PlanRequest
    {
        Sets = ["hardware.nodes.dgx-h100.per_node=1", "deployments.llama-8b.tp=1", "deployments.llama-8b.replicas=1", "run.duration=6s"],
        TargetRate = rate,
        Slos = [SloConstraint.Parse("ttft_p99=500ms")],
        Replications = 1,
        Parallelism = 1,
    }.WithVary(["accelerator=h100-sxm,mi300x", "nodes=1..32"]);

    [Fact]
    public void An_option_whose_compute_bound_is_under_half_the_target_is_ruled_out_without_simulating()
    {
        var runner = new StepRunner(new Dictionary<string, int> { ["h100-sxm"] = 1, ["mi300x"] = 1 });
        var plan = CapacityPlanner.Plan(Request(3200), runner);

        var h100 = plan.Options.Single(o => o.Accelerator == "h100-sxm");
        var ruledOut = Assert.Single(h100.Explored);
        Assert.Null(h100.Chosen);
        Assert.Equal((32, 32, 0), (ruledOut.Nodes, ruledOut.Replicas, ruledOut.Runs));
        Assert.Equal("not simulated: the target 3200 requests/s is more than 2x the compute-bound capacity of 1577 requests/s "
            + "(32 replica(s) of tp 1 x pp 1 on h100-sxm at 989.4 TFLOP/s peak, 1250 tokens a request at 2 x 8.03 B FLOPs a token)", ruledOut.Note);
        Assert.Contains(ruledOut.Note!, PlanReport.Text(plan));

        // MI300X can compute up to 4,168 requests/s at twice its bound: it is searched, and none of its runs were H100's.
        var mi300x = plan.Options.Single(o => o.Accelerator == "mi300x");
        Assert.True(mi300x.Runs > 0);
        Assert.All(runner.Seen, s => Assert.Equal("mi300x", s.Hardware.Nodes[0].Accelerator));
        Assert.Equal(mi300x.Runs, runner.Seen.Count);
    }

    [Fact]
    public void A_target_under_twice_the_bound_is_simulated()
    {
        // 3,100 requests/s is under 2 x 1,577.1 for H100: the bound is not a verdict, only a guard.
        var runner = new StepRunner(new Dictionary<string, int> { ["h100-sxm"] = 1, ["mi300x"] = 1 });
        var plan = CapacityPlanner.Plan(Request(3100), runner);
        Assert.All(plan.Options, o => Assert.True(o.Runs > 0, o.Accelerator));
    }

    [Fact]
    public void No_bound_is_claimed_when_the_request_sizes_are_unknown()
    {
        // A trace gives each request's size (no mean before the run): the planner then simulates as before.
        var loaded = ScenarioLoader.LoadDefault();
        var scenario = loaded with { Workloads = [((TextWorkloadSpec)loaded.Workloads[0]) with { PromptTokens = null }] };
        var accelerator = Catalog.Default.FindAccelerator("h100-sxm")!;
        Assert.NotNull(AnalyticCapacity.Bound(loaded, "chat", loaded.Deployments[0], accelerator, 4));
        Assert.Null(AnalyticCapacity.Bound(scenario, "chat", scenario.Deployments[0], accelerator, 4));
    }
}
