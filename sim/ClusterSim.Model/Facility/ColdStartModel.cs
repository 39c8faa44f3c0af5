namespace ClusterSim.Model.Facility;

/// <summary>
/// How long a replica takes to come up from sleep: wake the node, stream the weights from their
/// source (network storage or local disk) through the host into the accelerators, then warm up
/// (allocate the KV cache, capture graphs, compile). Autoscaling pays this latency for the energy
/// a parked replica saves.
/// </summary>
/// <param name="SourceGbs">Read bandwidth of the weights' source for one replica, GB/s (a network link or a storage read rate).</param>
/// <param name="HostToDeviceGbsPerAccelerator">Host-to-accelerator bandwidth of one accelerator, GB/s (PCIe one way); shards load in parallel.</param>
/// <param name="WarmupSeconds">Time after the weights are in place until the replica serves.</param>
/// <param name="WakeSeconds">Time to resume a suspended node (0 when the node stayed up).</param>
/// <remarks>
/// Loading streams: the slowest stage paces it, so the load time is
/// bytes / min(source, accelerators x host-to-device).
/// </remarks>
public sealed record ColdStartModel(double SourceGbs, double HostToDeviceGbsPerAccelerator, double WarmupSeconds, double WakeSeconds = 0)
{
    /// <summary>Cold-start time in nanoseconds for <paramref name="weightsGb"/> GB of weights sharded over <paramref name="accelerators"/> accelerators.</summary>
    public long DurationNs(double weightsGb, int accelerators)
    {
        if (!(SourceGbs > 0 && HostToDeviceGbsPerAccelerator > 0) || !(WarmupSeconds >= 0 && WakeSeconds >= 0)
            || !double.IsFinite(SourceGbs + HostToDeviceGbsPerAccelerator + WarmupSeconds + WakeSeconds))
        {
            throw new InvalidOperationException($"cold-start model {this}: expected positive bandwidths and non-negative times");
        }

        if (!(weightsGb >= 0 && double.IsFinite(weightsGb)))
        {
            throw new ArgumentOutOfRangeException(nameof(weightsGb), weightsGb, "expected a finite, non-negative size in GB");
        }

        if (accelerators < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(accelerators), accelerators, "expected at least one accelerator");
        }

        var bandwidth = Math.Min(SourceGbs, accelerators * HostToDeviceGbsPerAccelerator);
        var seconds = WakeSeconds + (weightsGb / bandwidth) + WarmupSeconds;
        return (long)Math.Round(seconds * 1e9);
    }
}
