using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>
/// One replica's figures over the run, as each kind's replica reports them (<see cref="IServingReplica.Stats"/>).
/// Role is both, prefill or decode for text replicas and the kind's name for the others; a video
/// replica's batch is the requests in a denoising step, an avatar replica's the frame being computed
/// (so its mean is the busy share). Figures a kind does not have (a KV cache, prefix hits) stay 0 or empty.
/// </summary>
public sealed record ReplicaStats
{
    public required int Index { get; init; }

    public required string Pool { get; init; }

    public required string Role { get; init; }

    public required int Accelerators { get; init; }

    /// <summary>Busy share of the run.</summary>
    public required double Utilization { get; init; }

    public double MeanBatchSize { get; init; }

    public double MaxBatchSize { get; init; }

    /// <summary>
    /// Time-weighted mean of the sequences admitted and not finished, in the iteration or not (a decode paused by a
    /// prefill-only iteration counts): what Little's law counts as served. Equal to the mean batch where every
    /// iteration carries every running sequence (chunked prefill); above it under prefill-only iterations.
    /// </summary>
    public double MeanRunning { get; init; }

    public double MeanKvOccupancy { get; init; }

    public double MeanQueueLength { get; init; }

    public long Iterations { get; init; }

    public long Preemptions { get; init; }

    public double PrefixHitRate { get; init; }

    /// <summary>
    /// Where the busy time went, in seconds by part (the execution model's step parts, then swapped KV coming back), adding
    /// up to the busy time of finished iterations; null where the replica's timer cannot say (another kind, a predictor
    /// without parts). Each run of iterations is split by the shares of its middle step.
    /// </summary>
    public IReadOnlyList<(string Name, double Seconds)>? BusyParts { get; init; }

    public IReadOnlyList<SeriesBucket> BatchSeries { get; init; } = [];

    /// <summary>The running set over time (see <see cref="MeanRunning"/>); empty for replicas without one.</summary>
    public IReadOnlyList<SeriesBucket> RunningSeries { get; init; } = [];

    public IReadOnlyList<SeriesBucket> KvSeries { get; init; } = [];

    public IReadOnlyList<SeriesBucket> QueueSeries { get; init; } = [];

    /// <summary>Whether it is a text (LLM) replica: one with a batch of sequences and a KV cache.</summary>
    public bool IsText => Role is "both" or "prefill" or "decode";
}
