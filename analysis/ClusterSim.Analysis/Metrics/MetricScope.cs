namespace ClusterSim.Analysis.Metrics;

/// <summary>
/// What a metric describes: one traffic class (and the overall row), or the whole cluster (read on
/// the overall row only). Replica and facility figures are fixed sections of summary.json
/// (replicas; energy and cost, from their records), not registry entries yet.
/// </summary>
public enum MetricScope
{
    Class,
    Cluster,
}
