namespace ClusterSim.Model.Serving.Cluster;

/// <summary>What the autoscaler did to one pool.</summary>
/// <param name="Pool">Pool (deployment) name.</param>
/// <param name="ScaleUps">Replicas woken from sleep (each paid a cold start).</param>
/// <param name="Reactivations">Draining replicas taken back into service (no cold start).</param>
/// <param name="ScaleDowns">Replicas taken out of service (they drained, then slept).</param>
/// <param name="RequestsWaited">Requests that arrived with no replica of their pools running and waited for a cold start.</param>
/// <param name="MeanRunningReplicas">Time-weighted mean of the replicas in service.</param>
/// <param name="SleepingReplicaHours">Replica-hours spent asleep.</param>
/// <param name="ColdStarts">Every cold start, in order.</param>
public sealed record PoolScaling(
    string Pool,
    int ScaleUps,
    int Reactivations,
    int ScaleDowns,
    long RequestsWaited,
    double MeanRunningReplicas,
    double SleepingReplicaHours,
    IReadOnlyList<ColdStart> ColdStarts)
{
    /// <summary>Replicas in service over the run, time-weighted per bucket (charts).</summary>
    public IReadOnlyList<Metrics.SeriesBucket> ServingSeries { get; init; } = [];
}
