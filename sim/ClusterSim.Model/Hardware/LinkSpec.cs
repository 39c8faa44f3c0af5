namespace ClusterSim.Model.Hardware;

/// <summary>
/// One accelerator's attachment to a fabric, as the catalog writes it (`{ kind: nvlink4, bidir_gbs: 900 }`).
/// </summary>
/// <param name="Kind">Link kind key, e.g. `nvlink4`, `infiniband` (see scenarios/catalog/FORMAT.md).</param>
/// <param name="BidirGbs">Per-accelerator bandwidth in GB/s, both directions together, as vendors quote it.</param>
/// <param name="LatencyUs">Per-message latency of the link itself in microseconds; 0 where it is folded into a
/// calibrated software latency instead.</param>
/// <param name="Peers">Accelerators this one links to directly when the fabric is a full mesh (the 8-accelerator AMD
/// Instinct and Intel Gaudi platforms: 7 links, one a peer); 0 for a switched fabric.</param>
public sealed record LinkSpec(string Kind, double BidirGbs, double LatencyUs = 0, int Peers = 0)
{
    /// <summary>Bytes per second one way: collectives and send/recv move data in both directions at once, so
    /// each direction gets half of the quoted bidirectional figure.</summary>
    public double BytesPerSecondEachWay => BidirGbs * 1e9 / 2.0;

    /// <summary>
    /// Bytes per second one way that a collective among <paramref name="ranks"/> accelerators of the fabric can use. A
    /// switched fabric gives any group the whole link. A full mesh has no switch to route through: each peer has its
    /// own share of the bandwidth, so a group of g uses the g - 1 links that join its members (a pair, one link).
    /// </summary>
    public double BytesPerSecondEachWayAmong(int ranks)
    {
        var used = Peers <= 0 ? 0 : Math.Min(Math.Max(ranks - 1, 1), Peers);

        // A group that uses every link (or any group on a switch) gets the link's own figure, bit for bit.
        return used == Peers ? BytesPerSecondEachWay : BytesPerSecondEachWay * used / Peers;
    }
}
