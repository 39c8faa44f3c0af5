namespace ClusterSim.Model.Serving.Cluster;

/// <summary>What a threshold autoscaler compares with its thresholds.</summary>
public enum AutoscalingMetric
{
    /// <summary>Share of the last evaluation period the pool's running replicas were busy, in [0, 1].</summary>
    Utilization,

    /// <summary>Requests waiting per running replica now (requests waiting for a cold start included).</summary>
    QueueLength,

    /// <summary>Mean KV-cache occupancy of the running replicas now, in [0, 1].</summary>
    KvOccupancy,
}
