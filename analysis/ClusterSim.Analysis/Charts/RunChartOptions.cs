using ClusterSim.Model.Metrics;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Charts;

/// <summary>
/// What <see cref="RunCharts.Create"/> may add to a run's charts beyond the <c>ServingResult</c>:
/// SLO targets from the scenario, busy fraction over time, and (once the facility model reports them)
/// power, PUE and cost. Every field is optional; a chart whose data is missing is left out.
/// </summary>
public sealed record RunChartOptions
{
    /// <summary>The scenario run: its classes' SLO targets are drawn on the latency CDFs.</summary>
    public Scenario? Scenario { get; init; }

    /// <summary>Busy fraction over time per replica, when the run had this recorder as a tracer.</summary>
    public UtilizationRecorder? Utilization { get; init; }

    /// <summary>Latency percentiles over time, when the run had this recorder as (part of) its request log.</summary>
    public LatencyOverTimeRecorder? LatencyOverTime { get; init; }

    /// <summary>IT or facility power over time, in watts.</summary>
    public IReadOnlyList<SeriesBucket>? PowerWatts { get; init; }

    /// <summary>Power usage effectiveness over time (facility power / IT power).</summary>
    public IReadOnlyList<SeriesBucket>? Pue { get; init; }

    /// <summary>Cost of the run by item (accelerators, energy, cooling, ...), in dollars.</summary>
    public IReadOnlyList<(string Item, double Dollars)>? CostBreakdown { get; init; }

    /// <summary>
    /// Most replicas drawn one line each; above it, each pool is drawn as the mean of its replicas so
    /// the legend stays readable.
    /// </summary>
    public int MaxReplicaLines { get; init; } = 12;
}
