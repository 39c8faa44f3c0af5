using ClusterSim.Analysis.Accuracy;
using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Model.Performance;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Accuracy;

/// <summary>
/// The shipped validation record (scenarios/catalog/validation-record.csv), which every run cites for its own kind of
/// deployment, is the shipped checks as the model reads them today: every measured figure of scenarios/calibration and
/// scenarios/validation is in it once and nothing else is, and a sample of its rows is what a run of the model gives now.
/// When the model or a check changes, regenerate it: <c>clustersim accuracy scenarios/calibration scenarios/validation
/// --out out/accuracy --record scenarios/catalog/validation-record.csv</c> (about four minutes on two cores).
/// </summary>
public sealed class ValidationRecordCurrencyTests
{
    private const string Regenerate =
        "regenerate it: dotnet run -c Release --project sim/ClusterSim.Cli -- accuracy scenarios/calibration scenarios/validation --out out/accuracy --record scenarios/catalog/validation-record.csv";

    private static string Folder(string name) => Path.Combine(SmallRun.RepoRoot, "scenarios", name);

    [Fact]
    public void The_shipped_record_holds_every_measured_figure_of_the_shipped_checks_once_and_nothing_else()
    {
        var expected = new List<string>();
        foreach (var file in new[] { "calibration", "validation" }.SelectMany(f => Directory.GetFiles(Folder(f), "*.yaml")).Order(StringComparer.Ordinal))
        {
            var scenario = ScenarioLoader.Load(file);
            if (scenario.Measured is null)
            {
                continue;
            }

            foreach (var item in AccuracyCheck.Cases(scenario))
            {
                expected.AddRange(item.Scenario.Measured!.Figures.Select(f => $"{item.Scenario.Name} [{item.Row}] {f.Name} ({(item.Scenario.Measured.Role == MeasuredRole.Check ? "check" : "fit")})"));
            }
        }

        // Each row's family is the one its figure's unit gives (a figure of a family is counted where the run reports it).
        Assert.All(ValidationRecord.Default.Rows, r => Assert.Equal(ValidationRecord.Family(r.Figure, MeasuredFigures.Kind(r.Figure).Unit), r.Family));
        var recorded = ValidationRecord.Default.Rows.Select(r => $"{r.Scenario} [{(r.Row.Length == 0 ? null : r.Row)}] {r.Figure} ({(r.Check ? "check" : "fit")})").ToList();
        Assert.True(recorded.Count == recorded.Distinct(StringComparer.Ordinal).Count(), "a figure is in the record twice; " + Regenerate);
        var missing = expected.Except(recorded, StringComparer.Ordinal).ToList();
        var stale = recorded.Except(expected, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            $"the record is not the shipped checks ({missing.Count} missing, e.g. {missing.FirstOrDefault()}; {stale.Count} no longer measured, e.g. {stale.FirstOrDefault()}); {Regenerate}");
    }

    [Theory]
    // Three quick checks of different kinds: an MLPerf offline row on vLLM's V0 engine, a mixture of experts on
    // TensorRT-LLM's PyTorch backend (a measured row), and a video model.
    [InlineData("validation", "mlperf41-mi300x-llama2-70b-offline.yaml", null)]
    [InlineData("validation", "trtllm-pytorch-qwen3-30b-a3b-rtxpro6000.yaml", "1024/8192")]
    [InlineData("validation", "wan21-t2v-14b-h100.yaml", "8 GPUs")]
    public void A_sample_of_the_shipped_record_is_what_the_model_gives_today(string folder, string file, string? row)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(Folder(folder), file));
        var item = AccuracyCheck.Cases(scenario).Single(c => c.Row == row);
        var result = AccuracyCheck.Run(item, new AccuracyOptions { Capacity = false });
        foreach (var figure in result.Figures.Where(f => !f.NotRun))
        {
            var recorded = ValidationRecord.Default.Rows.SingleOrDefault(r => r.Scenario == result.Scenario && r.Row == (row ?? "") && r.Figure == figure.Name);
            Assert.True(recorded is not null, $"{result.Scenario} [{row}] {figure.Name} is not in the record; {Regenerate}");
            Assert.True(Math.Abs(recorded.Error - figure.Error) <= 1e-9 * Math.Max(1, Math.Abs(figure.Error)),
                $"{result.Scenario} [{row}] {figure.Name}: the record has {recorded.Error:+0.0000;-0.0000}, the model gives {figure.Error:+0.0000;-0.0000} today; {Regenerate}");
            Assert.Equal(
                (result.Groups["accelerator"], result.Groups["stack"], result.Groups["architecture"]),
                (recorded.Accelerator, recorded.Stack, recorded.Architecture));
        }
    }
}
