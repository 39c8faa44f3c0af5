namespace ClusterSim.Analysis.Report;

/// <summary>
/// One SLO of one class judged against the run: the measured value at the SLO's percentile
/// against the target.
/// </summary>
/// <param name="Class">Traffic class.</param>
/// <param name="Metric"><c>ttft</c>, <c>tbt</c>, <c>tpot</c> or <c>e2e</c> (the scenario's SLO keys).</param>
/// <param name="Percentile">Percentile the target applies to, e.g. 99.</param>
/// <param name="TargetSeconds">Target.</param>
/// <param name="MeasuredSeconds">Measured value at <paramref name="Percentile"/>; null when nothing was measured.</param>
/// <param name="Observations">Values the percentile was taken over (requests, or gaps for tbt).</param>
/// <param name="Outcome">Pass, fail or no data.</param>
/// <param name="WithinResolution">
/// The measured value is within the histogram's relative error of the target, so the verdict could
/// go either way: rerun longer or with more seeds before relying on it.
/// </param>
public sealed record SloVerdict(
    string Class,
    string Metric,
    double Percentile,
    double TargetSeconds,
    double? MeasuredSeconds,
    long Observations,
    SloOutcome Outcome,
    bool WithinResolution);
