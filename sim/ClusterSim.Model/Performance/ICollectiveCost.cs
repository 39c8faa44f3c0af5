namespace ClusterSim.Model.Performance;

/// <summary>Cost of the collectives a parallel replica runs: tensor-parallel all-reduce and pipeline send/recv.</summary>
public interface ICollectiveCost
{
    /// <summary>Seconds to all-reduce a <paramref name="bytes"/> buffer over <paramref name="ranks"/> accelerators.</summary>
    /// <param name="spansNodes">True when the group crosses the scale-out network.</param>
    double AllReduceSeconds(double bytes, int ranks, bool spansNodes);

    /// <summary>Seconds to send <paramref name="bytes"/> from one accelerator to another.</summary>
    double SendRecvSeconds(double bytes, bool crossNode);

    /// <summary>Whether this cost model covers an all-reduce of that group shape.</summary>
    bool SupportsAllReduce(int ranks, bool spansNodes);
}
