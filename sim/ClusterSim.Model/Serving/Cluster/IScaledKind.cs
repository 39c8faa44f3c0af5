namespace ClusterSim.Model.Serving.Cluster;

/// <summary>A workload kind whose pools may scale (video, image): it runs an autoscaler over its own routing.</summary>
internal interface IScaledKind
{
    /// <summary>Whether any of its pools has an autoscaling policy.</summary>
    bool Scales { get; }

    /// <summary>Starts the autoscaler on the cluster's power states (called once, after every replica exists).</summary>
    void StartScaling(ClusterPower power);

    /// <summary>What the autoscaler did to each of its scaled pools.</summary>
    IReadOnlyList<PoolScaling> ScalingSummary();
}
