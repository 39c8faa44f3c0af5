using ClusterSim.Model.Serving;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;

namespace ClusterSim.Analysis.Metrics;

/// <summary>
/// What a metric is computed from: the run, the class row being read (a class or the overall row),
/// and the figures only some callers know.
/// </summary>
/// <param name="Result">The run.</param>
/// <param name="Class">The row: one class, or <see cref="ServingResult.Overall"/>.</param>
/// <param name="ArrivalWindowSeconds">How long arrivals were generated (warm-up plus duration); null when the run stopped on a request count, which leaves the offered rate unknown.</param>
/// <param name="Cost">The run's cost (<see cref="Costs.RunCost"/>); null where the caller has none.</param>
public sealed record MetricInput(ServingResult Result, ClassMetrics Class, double? ArrivalWindowSeconds = null, Model.Facility.CostSummary? Cost = null)
{
    /// <summary>The measured window, end of warm-up to the end of arrivals, that rates are taken over.</summary>
    public double MeasuredSeconds => Result.MeasuredSeconds;

    /// <summary>True on the row that sums every class, where cluster-wide figures are reported.</summary>
    public bool IsOverall => ReferenceEquals(Class, Result.Overall);
}
