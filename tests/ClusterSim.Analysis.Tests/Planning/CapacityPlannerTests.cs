using ClusterSim.Analysis.Planning;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Planning;

public sealed class CapacityPlannerTests
{
    /// <summary>The default scenario cut down to one accelerator per node and one per replica: replicas = nodes.</summary>
    private static readonly string[] SmallNodes =
    [
        "run.duration=6s",
        "run.warmup=1s",
        "hardware.nodes.dgx-h100.per_node=1",
        "deployments.llama-8b.tp=1",
        "deployments.llama-8b.replicas=1",
    ];

    private static PlanRequest Request(params string[] accelerators) => new PlanRequest
    {
        Sets = SmallNodes,
        TargetRate = 60,
        Slos = [SloConstraint.Parse("ttft_p99=500ms"), SloConstraint.Parse("tpot_p99=50ms")],
        Replications = 1,
        Parallelism = 2,
    }.WithVary([$"accelerator={string.Join(',', accelerators)}", "nodes=1..32"]);

    [Fact]
    public void Bisection_gives_the_brute_force_answer_with_at_least_5x_fewer_simulation_runs()
    {
        var searched = new CountingRunner(IScenarioRunner.Simulation);
        var plan = CapacityPlanner.Plan(Request("h100-sxm", "mi300x"), searched);

        // Brute force: every node count of every option, through the same mapping onto the scenario.
        var exhaustive = new CountingRunner(IScenarioRunner.Simulation);
        var grid = plan.Options.SelectMany(o => Enumerable.Range(1, 32).Select(n => (o.Accelerator, Nodes: n))).ToArray();
        var evaluations = new PlanEvaluation[grid.Length];
        Parallel.For(0, grid.Length, i => evaluations[i] = CapacityPlanner.Evaluate(plan, grid[i].Accelerator, grid[i].Nodes, exhaustive));
        var all = grid.Select((g, i) => (g.Accelerator, Evaluation: evaluations[i])).ToList();
        Assert.Equal(64, exhaustive.Runs);
        Assert.Equal(64, plan.BruteForceRuns);

        foreach (var option in plan.Options)
        {
            var verdicts = all.Where(a => a.Accelerator == option.Accelerator).Select(a => a.Evaluation.Feasible).ToList();
            var first = verdicts.IndexOf(true);
            Assert.True(first > 0, $"{option.Accelerator}: the grid should hold both failing and passing node counts");

            // The premise of bisection, checked rather than assumed on this grid: fail, then pass for good.
            Assert.All(verdicts.Skip(first), Assert.True);
            Assert.Equal(first + 1, option.Chosen!.Nodes);
        }

        var cheapest = all.Where(a => a.Evaluation.Feasible).MinBy(a => a.Evaluation.CostUsdPerHour!.Value);
        Assert.Equal(cheapest.Accelerator, plan.Best!.Value.Option.Accelerator);
        Assert.Equal(cheapest.Evaluation.Nodes, plan.Best.Value.Evaluation.Nodes);
        Assert.Equal(cheapest.Evaluation.CostUsdPerHour, plan.Best.Value.Evaluation.CostUsdPerHour);

        Assert.Equal(plan.SimulationRuns, searched.Runs);
        Assert.True(searched.Runs * 5 <= exhaustive.Runs, $"bisection took {searched.Runs} runs, brute force {exhaustive.Runs}");
    }

    [Fact]
    public void Bisection_finds_the_threshold_wherever_it_lies_in_at_most_1_plus_log2_evaluations()
    {
        // 20 node counts: ceil(log2 20) = 5 halvings after the first look at the largest count.
        for (var needed = 1; needed <= 21; needed++)
        {
            var runner = new StepRunner(new Dictionary<string, int> { ["h100-sxm"] = needed });
            var plan = CapacityPlanner.Plan(new PlanRequest
            {
                TargetRate = 20,
                Slos = [SloConstraint.Parse("ttft_p99=1s")],
                Nodes = Enumerable.Range(1, 20).ToArray(),
                Replications = 1,
            }, runner);
            var option = Assert.Single(plan.Options);
            Assert.Equal(needed <= 20 ? needed : null, option.Chosen?.Nodes);
            Assert.InRange(runner.Seen.Count, 1, 6);
            Assert.Equal(option.Explored.Count, runner.Seen.Count);
        }
    }

    [Fact]
    public void Replicas_follow_the_nodes_and_the_cheapest_option_per_hour_wins()
    {
        // H100 needs 2 nodes (2 x 8 x 4.76 = 76.16 USD/h), MI300X 4 (4 x 8 x 1.71 = 54.72 USD/h),
        // H200 3 (3 x 8 x 6.35 = 152.40 USD/h): fewer nodes is not cheaper.
        var runner = new StepRunner(new Dictionary<string, int> { ["h100-sxm"] = 2, ["mi300x"] = 4, ["h200-sxm"] = 3 });
        var plan = CapacityPlanner.Plan(new PlanRequest
        {
            Sets = ["facility.costs.mode=rent"],
            TargetRate = 33,
            Slos = [SloConstraint.Parse("ttft_p99=1s")],
            Replications = 2,
        }.WithVary(["accelerator=h100-sxm,mi300x,h200-sxm", "nodes=1..8"]), runner);

        var best = plan.Best!.Value;
        Assert.Equal("mi300x", best.Option.Accelerator);
        Assert.Equal(4, best.Evaluation.Nodes);
        var rent = Catalog.Default.FindAccelerator("mi300x")!.RentUsdPerHour!.Value;
        Assert.Equal(4 * 8 * rent, best.Evaluation.CostUsdPerHour!.Value, 9);
        Assert.Equal("rent", plan.CostBasis);
        Assert.Contains("cost basis: rent", PlanReport.Text(plan));
        Assert.Contains("\"cost_basis\": \"rent\"", PlanReport.Json(plan));
        Assert.Equal([2, 4, 3], plan.Options.Select(o => o.Chosen!.Nodes).ToArray());

        foreach (var s in runner.Seen)
        {
            var group = s.NodeGroup("dgx-h100");
            var deployment = s.Deployment("llama-8b");
            Assert.Equal(group.Count * group.PerNode / (deployment.Tp * deployment.Pp), deployment.Replicas); // 8 per node / tp 2 = 4 per node
            Assert.Equal(group.Count * 4, deployment.Replicas);
            Assert.Equal(33, s.Workloads[0].Arrival.MeanRate);
        }

        // Two replications per configuration, seeds seed and seed+1 alike for every configuration.
        Assert.Equal(plan.SimulationRuns, runner.Seen.Count);
        Assert.All(plan.Options.SelectMany(o => o.Explored), e => Assert.Equal(2, e.Runs));
    }

    [Fact]
    public void An_option_that_never_meets_the_slos_is_reported_and_the_plan_has_no_best_when_none_does()
    {
        var runner = new StepRunner(new Dictionary<string, int>());
        var plan = CapacityPlanner.Plan(new PlanRequest { TargetRate = 5, Slos = [SloConstraint.Parse("ttft_p99=1s")], Replications = 1 }.WithVary(["nodes=1..64"]), runner);
        Assert.Null(plan.Best);
        Assert.Single(runner.Seen); // the largest count failed: nothing smaller is tried
        Assert.Contains("no configuration meets every SLO", PlanReport.Text(plan));
        Assert.Contains("\"best\": null", PlanReport.Json(plan));
    }

    [Fact]
    public void An_unpriced_part_is_refused_before_any_run_naming_both_ways_on()
    {
        // The catalog gives the H200 a rent and no purchase price: an owned plan cannot compare it, and says how to go on.
        var runner = new CountingRunner(IScenarioRunner.Simulation);
        var e = Assert.Throws<SweepInputException>(() => CapacityPlanner.Plan(
            new PlanRequest { TargetRate = 5, Slos = [SloConstraint.Parse("ttft_p99=1s")] }.WithVary(["accelerator=h100-sxm,h200-sxm"]), runner));
        Assert.Equal(
            "--vary accelerator: 'h200-sxm' cannot be priced: accelerator 'h200-sxm' (node group 'dgx-h100') has no price_usd in the catalog, which facility.costs.mode own needs; "
            + "add one to price it (hardware.accelerators: {h200-sxm: {from: h200-sxm, price_usd: ...}}); or price it rented (6.35 USD an hour in the catalog): --set facility.costs.mode=rent",
            Assert.Single(e.Errors));
        Assert.Equal(0, runner.Runs);

        // Each way on prices it.
        var request = new PlanRequest { TargetRate = 5, Slos = [SloConstraint.Parse("ttft_p99=1s")], Replications = 1 }.WithVary(["accelerator=h200-sxm", "nodes=1..2"]);
        var stand = new StepRunner(new Dictionary<string, int> { ["h200-sxm"] = 1 });
        Assert.NotNull(CapacityPlanner.Plan(request with { Sets = ["facility.costs.mode=rent"] }, stand).Best);
        Assert.NotNull(CapacityPlanner.Plan(request with { Sets = ["hardware.accelerators={h200-sxm: {from: h200-sxm, price_usd: 35000}}"] }, stand).Best);
    }

    [Fact]
    public void Node_counts_too_small_for_one_replica_fail_without_a_run()
    {
        // tp 8 on nodes of 4: one replica needs two nodes.
        var runner = new StepRunner(new Dictionary<string, int> { ["h100-sxm"] = 1 });
        var plan = CapacityPlanner.Plan(new PlanRequest
        {
            Sets = ["hardware.nodes.dgx-h100.per_node=4", "deployments.llama-8b.tp=8", "deployments.llama-8b.replicas=1", "hardware.nodes.dgx-h100.count=2"],
            TargetRate = 5,
            Slos = [SloConstraint.Parse("ttft_p99=1s")],
            Replications = 1,
        }.WithVary(["nodes=1..4"]), runner);
        var option = Assert.Single(plan.Options);
        Assert.Equal(2, option.Chosen!.Nodes);
        var one = Assert.Single(option.Explored, e => e.Nodes == 1);
        Assert.Equal(0, one.Runs);
        Assert.Contains("hold no replica", one.Note);
    }

    [Theory]
    [InlineData("ttft_p98=1s", "--slo ttft_p98=1s: unknown objective 'ttft_p98'", "did you mean 'ttft_p99'?")]
    [InlineData("ttft_p99=fast", "--slo ttft_p99=fast: expected a positive duration", "got 'fast'")]
    [InlineData("attainment=1.5", "--slo attainment=1.5: expected a fraction in (0, 1]", "")]
    [InlineData("ttft_p99", "--slo ttft_p99: expected NAME=VALUE", "")]
    public void A_bad_slo_says_what_is_expected(string text, string start, string hint)
    {
        var ex = Assert.Throws<SweepInputException>(() => SloConstraint.Parse(text));
        var message = Assert.Single(ex.Errors);
        Assert.StartsWith(start, message);
        Assert.Contains(hint, message);
    }

    [Theory]
    [InlineData("1s", 1.0)]
    [InlineData("50ms", 0.05)]
    [InlineData("250us", 0.00025)]
    [InlineData("0.5", 0.5)]
    [InlineData("2m", 120.0)]
    public void Slo_durations_read_in_seconds(string value, double seconds)
    {
        var slo = SloConstraint.Parse("e2e_p99=" + value);
        Assert.Equal("e2e_p99_s", slo.Metric);
        Assert.Equal(seconds, slo.Target, 12);
        Assert.True(slo.IsMetBy(seconds) && !slo.IsMetBy(seconds * 1.01) && !slo.IsMetBy(double.NaN));
    }

    [Fact]
    public void Bad_plan_input_is_refused_before_any_run_with_a_located_hint()
    {
        var runner = new CountingRunner(IScenarioRunner.Simulation);
        var basic = new PlanRequest { TargetRate = 5, Slos = [SloConstraint.Parse("ttft_p99=1s")] };

        var unknown = Assert.Throws<SweepInputException>(() => CapacityPlanner.Plan(basic.WithVary(["accelerator=h100,mi300x"]), runner));
        Assert.Equal("--vary accelerator: unknown accelerator 'h100'; did you mean 'h100-nvl' or 'h100-sxm'? (see 'clustersim catalog')", Assert.Single(unknown.Errors));

        var vary = Assert.Throws<SweepInputException>(() => basic.WithVary(["node=1..8"]));
        Assert.Contains("did you mean 'nodes'?", Assert.Single(vary.Errors));
        Assert.Throws<SweepInputException>(() => basic.WithVary(["nodes=8..1"]));
        Assert.Throws<SweepInputException>(() => basic.WithVary(["nodes=0..4"]));
        Assert.Equal([1, 2, 4, 5, 6, 8], basic.WithVary(["nodes=4..6,1,2,8,5"]).Nodes);

        var scenario = Path.Combine(RepoRoot(), "scenarios", "chat-h100-vs-mi300x.yaml");
        var classes = Assert.Throws<SweepInputException>(() => CapacityPlanner.Plan(basic with { ScenarioPath = scenario }, runner));
        Assert.Contains("name the one --target-rate applies to with --class", Assert.Single(classes.Errors));
        var cls = Assert.Throws<SweepInputException>(() => CapacityPlanner.Plan(basic with { ScenarioPath = scenario, Class = "chat-on-h10" }, runner));
        Assert.Contains("did you mean 'chat-on-h100'?", Assert.Single(cls.Errors));
        var groups = Assert.Throws<SweepInputException>(() => CapacityPlanner.Plan(basic with { ScenarioPath = scenario, Class = "chat-on-h100" }, runner));
        Assert.Contains("name the one to resize with --group", Assert.Single(groups.Errors));

        var set = Assert.Throws<SweepInputException>(() => CapacityPlanner.Plan(basic with { Sets = ["run.duraton=5s"] }, runner));
        Assert.Equal("--set run.duraton=5s:1:5: unknown key 'duraton' in 'run'; did you mean 'duration'?", Assert.Single(set.Errors));

        Assert.Equal(0, runner.Runs);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ClusterSim.sln not found above the test binaries");
    }
}
