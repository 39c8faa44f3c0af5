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

    /// <summary>Whether this cost model covers an all-reduce of that group shape.</summary>
    bool SupportsAllReduce(int ranks, bool spansNodes);
}
