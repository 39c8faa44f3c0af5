using System.Globalization;
using ClusterSim.Analysis.Accuracy;
using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Analysis.Tests.Accuracy;

/// <summary>
/// `clustersim accuracy --fit`: the roofline overrides fitted to the figures of role fit recover the factors that made
/// those figures, and the figures of role check, which the fit never saw, then agree.
/// </summary>
public sealed class AccuracyFitTests : IDisposable
{
    private static string Source => Path.Combine(SmallRun.RepoRoot, "tests", "ClusterSim.Analysis.Tests", "Accuracy", "measured-chat.yaml");

    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-accuracy-fit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The truth the "measurements" are made with: factors well away from the catalog's H100 entry.</summary>
    private static readonly string[] Truth = ["execution_model.compute_efficiency=0.45", "execution_model.iteration_overhead=0.006"];

    /// <summary>The scenario's own figures at <paramref name="rate"/> with the truth's factors: what a benchmark of that system would measure.</summary>
    private static (double Ttft, double Tbt) Measure(int rate)
    {
        var (_, _, run) = SmallRun.Run(sets: [$"workloads.chat.arrival.rate={rate}", .. Truth], file: Source);
        return (SimulatedFigures.Of("ttft_mean", run, "chat"), SimulatedFigures.Of("tbt_mean", run, "chat"));
    }

    private string Write()
    {
        var text = File.ReadAllText(Source);
        (int Rate, string Role)[] settings = [(4, "fit"), (16, "fit"), (10, "check")];
        var rows = settings.Select(r =>
        {
            var (ttft, tbt) = Measure(r.Rate);
            return string.Create(CultureInfo.InvariantCulture,
                $"    - {{name: rate {r.Rate}, set: [workloads.chat.arrival.rate={r.Rate}], role: {r.Role}, figures: {{ttft_mean: {ttft:R}, tbt_mean: {tbt:R}}}}}\n");
        });
        var path = Path.Combine(_folder, "fit.yaml");
        File.WriteAllText(path, text[..text.IndexOf("\nmeasured:", StringComparison.Ordinal)] + "\nmeasured:\n  source: made by the truth's factors\n  rows:\n" + string.Concat(rows));
        return path;
    }

    [Fact]
    public void The_fit_recovers_the_factors_that_made_the_fit_figures_and_the_checks_then_agree()
    {
        var cases = AccuracyCheck.Cases(ScenarioLoader.Load(Write()));
        var fit = AccuracyFit.Fit(cases, ["compute_efficiency", "iteration_overhead"]);

        Assert.Equal(4, fit.Figures); // two figures at each of the two fit rows; the check row is not looked at
        // The start is said, not silent: the H100 has no vLLM entry of its own, so the A100's is moved to it.
        Assert.Equal("entry a100-80gb-sxm/vllm derived for h100-sxm, as deployment 'llama-8b' of measured-chat [rate 4] runs it", fit.StartedFrom);
        var compute = fit.Parameters[0];
        var overhead = fit.Parameters[1];
        Assert.Equal(("compute_efficiency", false), (compute.Name, compute.Seconds));
        Assert.Equal(("iteration_overhead", true), (overhead.Name, overhead.Seconds));
        Assert.InRange(compute.Value, 0.45 * 0.98, 0.45 * 1.02);
        Assert.InRange(overhead.Value, 0.006 * 0.95, 0.006 * 1.05);
        Assert.True(Math.Abs(compute.Start - 0.45) > 0.1, $"the start {compute.Start} is the catalog's entry, away from the truth");
        Assert.True(fit.FittedError < 0.01 && fit.StartError > 0.1, $"rms log error {fit.StartError:G3} at the start, {fit.FittedError:G3} fitted");

        // The check, which the fit never saw, run with the fitted overrides.
        var check = AccuracyFit.Reloaded(cases.Single(c => c.Row == "rate 10"), fit.Sets);
        Assert.All(AccuracyCheck.Run(check, new AccuracyOptions { Capacity = false }).Figures, f => Assert.InRange(f.Error, -0.02, 0.02));
    }

    [Fact]
    public void An_unknown_override_or_nothing_of_role_fit_is_refused_before_anything_runs()
    {
        var cases = AccuracyCheck.Cases(ScenarioLoader.Load(Source));
        var unknown = Assert.Throws<ArgumentException>(() => AccuracyFit.Fit(cases, ["compute_eficiency"]));
        Assert.StartsWith("--fit compute_eficiency: not an override a fit can set; expected one of compute_efficiency, attention_efficiency,", unknown.Message, StringComparison.Ordinal);
        Assert.EndsWith("; did you mean 'compute_efficiency'?", unknown.Message, StringComparison.Ordinal);

        // measured-chat's only fit figure is a throughput at rate 4; without that row nothing is of role fit.
        var checks = cases.Where(c => c.Scenario.Measured!.Role == MeasuredRole.Check).ToList();
        Assert.Contains("no measured figure has role fit", Assert.Throws<ArgumentException>(() => AccuracyFit.Fit(checks, ["compute_efficiency"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_overrides_a_fit_may_set_are_the_roofline_models_numeric_overrides()
    {
        // The execution model's own list (PolicyCatalog), less its texts (the stack's name, the engine's version) and the
        // what-if step_scale, which is not a calibration.
        var roofline = PolicyCatalog.Get(PolicySeam.ExecutionModel, "roofline").Parameters
            .Where(p => p.Type != ParameterType.Text && p.Name != "step_scale").Select(p => p.Name);
        Assert.Equal(roofline.Order(StringComparer.Ordinal), AccuracyFit.Parameters.Order(StringComparer.Ordinal));
    }
}
