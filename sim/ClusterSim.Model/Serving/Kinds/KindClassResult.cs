namespace ClusterSim.Model.Serving.Kinds;

/// <summary>One class of a kind: its SLO standing and its metrics in summary.json order.</summary>
/// <param name="SloAttainment">Share of its work that met its own target, in [0, 1].</param>
/// <param name="MeetsSlo">Whether the promised share did.</param>
/// <param name="Completed">Units of work measured (requests finished after warm-up, frames): 0 means the class has no results to judge.</param>
/// <param name="CostUsd">Cost of the accelerator time its work used on its own pools (rent x accelerator-seconds).</param>
public sealed record KindClassResult(string Name, double SloAttainment, bool MeetsSlo, long Completed, double CostUsd, IReadOnlyList<KindMetric> Metrics);
