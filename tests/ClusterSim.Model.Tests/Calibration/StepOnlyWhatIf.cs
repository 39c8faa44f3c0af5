using System.Globalization;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// One server row run with every step scaled (<c>execution_model.step_scale</c>, nothing else changed), and its figures
/// against the row's measurements as signed errors. The what-ifs that price a row's step at its measured operating point
/// as measured share it (<see cref="OperatingPointStepTests"/>, <see cref="MlperfV50KraiValidationTests"/>). Which of these
/// figures are evidence: the scale is set from the measured median TPOT at the measured Little's-law batch, so the p50
/// TPOT is the scale's own source (in sample) and the batch follows from it by Little's law at the measured rate; the
/// tails and the first token are what the run adds.
/// </summary>
internal sealed record StepOnlyWhatIf(double Scale, double Tpot50, double Tpot99, double Ttft50, double Ttft99, double Sequences)
{
    public static StepOnlyWhatIf Run(string folder, string file, double scale)
    {
        var set = $"execution_model.step_scale={scale.ToString("R", CultureInfo.InvariantCulture)}";
        var r = folder == "calibration" ? ScenarioRuns.Calibration(file, set) : ScenarioRuns.Validation(file, set);
        var c = r.Classes[0];
        double Error(double simulated, string figure) => simulated / Published.Figure(file, figure) - 1;
        return new StepOnlyWhatIf(
            scale,
            Error(c.Tpot.ToSummary().P50, "tpot_p50"),
            Error(c.Tpot.ToSummary().P99, "tpot_p99"),
            Error(c.Ttft.ToSummary().P50, "ttft_p50"),
            Error(c.Ttft.ToSummary().P99, "ttft_p99"),
            Error(r.TextReplicas.Average(x => x.MeanRunning), "requests_in_system_per_replica"));
    }

    public string Describe(string file)
        => string.Create(CultureInfo.InvariantCulture,
            $"{file}, steps x {Scale:F3}: p50 / p99 TPOT {Percent(Tpot50)} / {Percent(Tpot99)} %, p50 / p99 TTFT {Percent(Ttft50)} / {Percent(Ttft99)} %, sequences {Percent(Sequences)} %");

    private static string Percent(double error) => (100 * error).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture);
}
