using ClusterSim.Analysis.Outputs;
using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Outputs;

/// <summary>
/// Issue 14: what a run writes must never change what it simulates. Before the fix a tracer (charts,
/// report, timeline) turned decode runs off, which changed the event count and the energy's last digits.
/// </summary>
public sealed class ObservationIndependenceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-observe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string RunInto(CompiledScenario compiled, bool requests, bool charts, bool report, bool timeline)
    {
        var dir = Path.Combine(_folder, $"r{requests}-c{charts}-p{report}-t{timeline}");
        using var outputs = RunOutputs.Open(new RunOutputOptions
        {
            Directory = dir, Requests = requests, Charts = charts, Report = report, Timeline = timeline, Stable = true,
        });
        var result = ClusterRun.Execute(compiled, observers: outputs.Observers);
        outputs.Commit(result, compiled);
        return File.ReadAllText(Path.Combine(dir, "summary.json"));
    }

    [Fact]
    public void Every_combination_of_outputs_gives_the_same_stable_summary_bytes()
    {
        // The default scenario has a facility, so energy is in the summary: its last digits moved before.
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(SmallRun.Short));
        var reference = RunInto(compiled, false, false, false, false);
        for (var mask = 1; mask < 16; mask++)
        {
            var summary = RunInto(compiled, (mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0, (mask & 8) != 0);
            Assert.True(reference == summary, $"outputs {mask:b4} (timeline, report, charts, requests) changed summary.json");
        }

        Assert.Contains("\"it_kwh\"", reference);
    }

    [Fact]
    public void With_every_output_on_the_golden_scenario_still_gives_the_committed_golden_summary()
    {
        // The golden file was made with nothing observed; it is the independent truth here.
        var golden = Path.Combine(SmallRun.RepoRoot, "tests", "ClusterSim.Analysis.Tests", "Summaries", "Golden");
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Load(Path.Combine(golden, "small-chat.yaml")));
        var summary = RunInto(compiled, true, true, true, true);
        Assert.Equal(File.ReadAllText(Path.Combine(golden, "small-chat.summary.json")), summary);
    }
}
