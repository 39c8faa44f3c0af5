namespace ClusterSim.Scenarios;

/// <summary>A link: an accelerator's scale-up or host link, a node's intra-node fabric or its network port.</summary>
/// <param name="Kind">Technology.</param>
/// <param name="BidirGbs">Bandwidth in GB/s (1e9 bytes/s), both directions together, as vendors quote it.</param>
/// <param name="LatencySeconds">One-way latency in seconds, when given.</param>
/// <param name="Peers">Direct links of a full mesh (bidir_gbs split evenly among them); null for a switched fabric.</param>
public sealed record LinkSpec(LinkKind Kind, double BidirGbs, double? LatencySeconds, int? Peers = null)
{
    /// <summary>Bandwidth in one direction, bytes per second (half the bidirectional figure).</summary>
    public double BytesPerSecondEachWay => BidirGbs * 1e9 / 2;
}
