namespace ClusterSim.Model.Hardware;

/// <summary>
/// One accelerator's attachment to a fabric, as the catalog writes it (`{ kind: nvlink4, bidir_gbs: 900 }`).
/// </summary>
/// <param name="Kind">Link kind key, e.g. `nvlink4`, `infiniband` (see scenarios/catalog/FORMAT.md).</param>
/// <param name="BidirGbs">Per-accelerator bandwidth in GB/s, both directions together, as vendors quote it.</param>
/// <param name="LatencyUs">Per-message latency of the link itself in microseconds; 0 where it is folded into a
/// calibrated software latency instead.</param>
public sealed record LinkSpec(string Kind, double BidirGbs, double LatencyUs = 0)
{
    /// <summary>Bytes per second one way: collectives and send/recv move data in both directions at once, so
    /// each direction gets half of the quoted bidirectional figure.</summary>
    public double BytesPerSecondEachWay => BidirGbs * 1e9 / 2.0;
}
