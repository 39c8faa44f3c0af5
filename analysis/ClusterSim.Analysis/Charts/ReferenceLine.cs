namespace ClusterSim.Analysis.Charts;

/// <summary>
/// A dashed line across a chart with a legend entry: an SLO target, a capacity limit. Vertical
/// lines mark an X value (a latency target on a CDF), horizontal ones a Y value (p99 target on a
/// load curve).
/// </summary>
public sealed record ReferenceLine(string Label, double Value, bool Vertical = false);
