using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>
/// One replica's figures over the run. Role is both, prefill or decode for text replicas, video or
/// avatar for the others; a video replica's batch is the requests in a denoising step, an avatar
/// replica's the frame being computed (so its mean is the busy share); neither has a KV cache.
/// </summary>
public sealed record ReplicaStats(
    int Index, string Pool, string Role, int Accelerators, double Utilization, double MeanBatchSize, double MaxBatchSize,
    double MeanKvOccupancy, double MeanQueueLength, long Iterations, long Preemptions,
    double PrefixHitRate, IReadOnlyList<SeriesBucket> BatchSeries, IReadOnlyList<SeriesBucket> KvSeries, IReadOnlyList<SeriesBucket> QueueSeries);
