namespace ClusterSim.Analysis.Charts;

/// <summary>A highlighted point with a legend entry, e.g. the knee of a latency-against-load curve.</summary>
public sealed record ChartMarker(string Label, double X, double Y);
