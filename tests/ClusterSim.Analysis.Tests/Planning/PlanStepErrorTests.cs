using ClusterSim.Analysis.Planning;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Planning;

/// <summary>
/// plan --step-error and --record-error: each option's node count searched again with every LLM step longer and shorter.
/// The stand-in runner's answer is known in closed form (steps s times as long need s times the nodes, rounded up), so
/// every scaled answer and the cheapest at the longest steps are worked out by hand.
/// </summary>
public sealed class PlanStepErrorTests
{
    [Fact]
    public void Step_error_finds_the_node_count_each_scale_needs_wherever_it_lies_in_a_few_runs()
    {
        // 20 node counts. Whatever the unscaled need (1 to 21, past the largest), the longer and shorter searches find
        // ceil(need x 1.25) and ceil(need x 0.75), or none past 20, starting from the unscaled answer.
        for (var needed = 1; needed <= 21; needed++)
        {
            var runner = new StepRunner(new Dictionary<string, int> { ["h100-sxm"] = needed }, scaled: true);
            var plan = CapacityPlanner.Plan(new PlanRequest
            {
                TargetRate = 20,
                Slos = [SloConstraint.Parse("ttft_p99=1s")],
                Nodes = Enumerable.Range(1, 20).ToArray(),
                Replications = 1,
                StepError = 0.25,
            }, runner);

            var option = Assert.Single(plan.Options);
            Assert.Equal(needed <= 20 ? needed : null, option.Chosen?.Nodes);
            Assert.Equal([1.25, 0.75], option.StepScales.Select(s => s.StepScale));
            foreach (var scaled in option.StepScales)
            {
                var want = StepRunner.Needed(needed, scaled.StepScale);
                Assert.Equal(want <= 20 ? want : null, scaled.Chosen?.Nodes);

                // A gallop from the unscaled answer then bisection: at most 2 x ceil(log2 20) + 1 runs, and each run was
                // made at that scale.
                Assert.InRange(scaled.Runs, 1, 11);
            }

            var atScale = runner.Seen.Skip(option.Explored.Count).ToList();
            Assert.Equal(option.StepScales.Sum(s => s.Runs), atScale.Count);
            Assert.All(runner.Seen.Take(option.Explored.Count), s => Assert.Equal(1, StepScale(s)));
            Assert.Equal(option.StepScales.Select(s => Enumerable.Repeat(s.StepScale, s.Runs)).SelectMany(x => x), atScale.Select(StepScale));
            Assert.Equal(plan.SimulationRuns, runner.Seen.Count);
            Assert.Equal(3 * 20, plan.BruteForceRuns);
        }
    }

    [Fact]
    public void Record_error_sizes_each_part_by_its_own_published_misses_and_names_the_cheapest_at_the_longest_steps()
    {
        var needed = new Dictionary<string, int> { ["h100-sxm"] = 4, ["mi300x"] = 9, ["h200-sxm"] = 3 };
        var runner = new StepRunner(needed, scaled: true);
        var plan = CapacityPlanner.Plan(new PlanRequest
        {
            Sets = ["facility.costs.mode=rent"],
            TargetRate = 33,
            Slos = [SloConstraint.Parse("ttft_p99=1s")],
            Replications = 1,
            RecordError = true,
        }.WithVary(["accelerator=h100-sxm,mi300x,h200-sxm", "nodes=1..40"]), runner);

        // Each part's scales are the ones its own validation note gives (RecordErrorScalesTests holds how), so parts whose
        // kind reads further from its measurements are searched at longer steps.
        var cost = new Dictionary<string, double>();
        foreach (var option in plan.Options)
        {
            var (scales, basis) = CapacitySearch.RecordScales([option.Execution!]);
            Assert.Equal(scales, option.StepScales.Select(s => s.StepScale));
            Assert.Equal(basis, option.StepScaleBasis);
            Assert.Null(option.StepScaleNote);
            foreach (var scaled in option.StepScales)
            {
                Assert.Equal(StepRunner.Needed(needed[option.Accelerator], scaled.StepScale), scaled.Chosen!.Nodes);
            }

            var longest = option.StepScales[0];
            var rent = Catalog.Default.FindAccelerator(option.Accelerator)!.RentUsdPerHour!.Value;
            Assert.Equal(longest.Chosen!.Nodes * 8 * rent, longest.Chosen.CostUsdPerHour!.Value, 9);
            cost[option.Accelerator] = longest.Chosen.CostUsdPerHour.Value;
        }

        var cheapest = cost.MinBy(c => c.Value);
        Assert.Equal(cheapest.Key, plan.LongestStepsBest!.Value.Option.Accelerator);
        Assert.Equal(cheapest.Value, plan.LongestStepsBest.Value.Scaled.Chosen!.CostUsdPerHour!.Value, 9);

        var text = PlanReport.Text(plan);
        Assert.Contains("--record-error", text);
        Assert.Contains($"cheapest with each option's longest steps: {cheapest.Key} x {plan.LongestStepsBest.Value.Scaled.Chosen.Nodes} node(s)", text);
        var json = PlanReport.Json(plan);
        Assert.Contains("\"record_error\": true", json);
        Assert.Contains("\"step_scales\": [", json);
        Assert.Contains("\"step_scale_basis\": ", json);
        Assert.Contains($"\"best_at_longest_steps\": {{\n    \"accelerator\": \"{cheapest.Key}\"", json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Without_step_error_the_plan_searches_once_and_says_nothing_of_scales()
    {
        var runner = new StepRunner(new Dictionary<string, int> { ["h100-sxm"] = 3 }, scaled: true);
        var plan = CapacityPlanner.Plan(new PlanRequest { TargetRate = 5, Slos = [SloConstraint.Parse("ttft_p99=1s")], Replications = 1 }.WithVary(["nodes=1..8"]), runner);
        Assert.Empty(Assert.Single(plan.Options).StepScales);
        Assert.Null(plan.LongestStepsBest);
        Assert.DoesNotContain("steps x", PlanReport.Text(plan));
        Assert.DoesNotContain("best_at_longest_steps", PlanReport.Json(plan));
        Assert.Contains("\"step_error\": null", PlanReport.Json(plan));
    }

    [Theory]
    [InlineData(1.5, false, "--step-error 1.5: expected a fraction strictly between 0 and 1")]
    [InlineData(0.1, true, "--step-error and --record-error both scale the steps: give one of them")]
    public void A_bad_step_error_is_refused_before_any_run(double error, bool record, string message)
    {
        var runner = new CountingRunner(IScenarioRunner.Simulation);
        var e = Assert.Throws<SweepInputException>(() => CapacityPlanner.Plan(new PlanRequest
        {
            TargetRate = 5,
            Slos = [SloConstraint.Parse("ttft_p99=1s")],
            StepError = error,
            RecordError = record,
        }, runner));
        Assert.StartsWith(message, Assert.Single(e.Errors));
        Assert.Equal(0, runner.Runs);
    }

    private static double StepScale(Scenario s) => s.Deployments[0].ExecutionModel.GetDouble(ClusterSim.Model.Setup.ScenarioCompiler.StepScaleParameter, 1);
}
