namespace ClusterSim.Analysis.Metrics;

/// <summary>What a metric describes: one traffic class (and the overall row), the whole cluster, one replica or the facility.</summary>
public enum MetricScope
{
    Class,
    Cluster,
    Replica,
    Facility,
}
