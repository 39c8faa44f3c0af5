namespace ClusterSim.Model.Performance;

/// <summary>Cost of the collectives a parallel replica runs: tensor-parallel all-reduce and pipeline send/recv.</summary>
public interface ICollectiveCost
{
    /// <summary>Seconds to all-reduce a <paramref name="bytes"/> buffer over <paramref name="ranks"/> accelerators.</summary>
    /// <param name="spansNodes">True when the group crosses the scale-out network.</param>
    double AllReduceSeconds(double bytes, int ranks, bool spansNodes);

    /// <summary>Seconds to send <paramref name="bytes"/> from one accelerator to another.</summary>
    double SendRecvSeconds(double bytes, bool crossNode);

    /// <summary>
    /// Seconds of an all-to-all in which each of <paramref name="ranks"/> accelerators sends (ranks - 1) / ranks of its
    /// <paramref name="bytesPerRank"/> buffer to the others, all pairs at once over a switched fabric: one hop's latency
    /// per peer and the bytes that leave a rank over its link (a send/recv of them). Expert-parallel dispatch and combine.
    /// </summary>
    double AllToAllSeconds(double bytesPerRank, int ranks, bool spansNodes)
        => ranks <= 1 ? 0 : SendRecvSeconds((ranks - 1.0) / ranks * bytesPerRank, spansNodes) + (ranks - 2) * SendRecvSeconds(0, spansNodes);

    /// <summary>
    /// Seconds to all-gather a <paramref name="totalBytes"/> buffer (every rank's part to every rank) over
    /// <paramref name="ranks"/> accelerators: (ranks - 1) / ranks of it crosses each rank's link in ranks - 1 steps, as in
    /// an all-to-all of that buffer, and is priced the same way, on the link fit. Not on a measured all-reduce curve:
    /// those are NVLink SHARP runs, which an all-gather of unequal parts (grouped broadcasts, as TensorRT-LLM runs it for
    /// attention dp) cannot use, and no all-gather was measured. Attention dp's expert dispatch where the engine gathers.
    /// </summary>
    double AllGatherSeconds(double totalBytes, int ranks, bool spansNodes) => AllToAllSeconds(totalBytes, ranks, spansNodes);

    /// <summary>Seconds to reduce-scatter a <paramref name="totalBytes"/> buffer over <paramref name="ranks"/> accelerators: the same traffic as <see cref="AllGatherSeconds"/>, reversed (the additions are free beside it).</summary>
    double ReduceScatterSeconds(double totalBytes, int ranks, bool spansNodes) => AllToAllSeconds(totalBytes, ranks, spansNodes);

    /// <summary>Whether this cost model covers an all-reduce of that group shape.</summary>
    bool SupportsAllReduce(int ranks, bool spansNodes);
}
