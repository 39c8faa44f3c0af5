using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Avatar;

/// <summary>
/// A set of identical avatar replicas, one accelerator each, and the host cores of their nodes. A
/// frame runs through two stages: the GPU stage (the generator and decoder, in batches of up to
/// <see cref="BatchSize"/> frames) and the CPU stage (paste-back into the full frame and encoding)
/// on the node's cores.
/// </summary>
/// <param name="FlopsPerSecond">What one replica achieves on frame work (peak x compute efficiency).</param>
public sealed record AvatarPoolSetup(string Name, int Replicas, double FlopsPerSecond)
{
    public AvatarAdmission Admission { get; init; } = AvatarAdmission.Reject;

    /// <summary>
    /// Share of a replica's time admitted sessions may claim (frames per second x time per frame,
    /// summed). 1 is exact capacity: for sessions of one frame rate whose frame deadline is at least
    /// one frame period, no frame misses under FCFS or EDF while the sum stays at or below 1 (each
    /// frame waits behind at most one frame of every other session).
    /// </summary>
    public double UtilizationBound { get; init; } = 1;

    public SchedulingPolicy Scheduling { get; init; } = SchedulingPolicy.Fcfs;

    /// <summary>
    /// Drop a frame that can no longer meet its deadline instead of computing it late (a real-time
    /// stream repeats the previous frame); it counts as missed.
    /// </summary>
    public bool SkipLateFrames { get; init; } = true;

    public int Accelerators { get; init; } = 1;

    public double RentUsdPerAcceleratorHour { get; init; }

    /// <summary>Frames the GPU stage runs as one batch at most.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Fixed seconds of every GPU batch (launches, copies), whatever its size.</summary>
    public double BatchOverheadSeconds { get; init; }

    /// <summary>
    /// Seconds to read the weights once (bytes over achieved bandwidth): a batch takes at least this
    /// long however few its FLOPs, so small batches are memory-bound and batching amortises it.
    /// </summary>
    public double WeightReadSeconds { get; init; }

    /// <summary>Host cores per node the CPU stage runs on; null: not limited (every frame gets a core at once).</summary>
    public int? HostCores { get; init; }

    /// <summary>Replicas of this pool per node (accelerators per node over accelerators per replica): they share the node's cores.</summary>
    public int ReplicasPerNode { get; init; } = 1;

    /// <summary>
    /// Seconds of the GPU stage for a batch of <paramref name="flops"/> of frame work: fixed overhead
    /// plus the larger of compute (FLOPs at the achieved rate) and one read of the weights (roofline
    /// per batch). Per frame it falls with the batch, towards FLOPs over the achieved rate.
    /// </summary>
    public double BatchSeconds(double flops) => BatchOverheadSeconds + Math.Max(flops / FlopsPerSecond, WeightReadSeconds);

    /// <summary><see cref="BatchSeconds"/> in whole nanoseconds, rounded up (with no overhead and no weight read: FLOPs x 1e9 / FLOP/s, as a frame alone always was).</summary>
    public long BatchNs(double flops)
        => (long)Math.Ceiling(BatchOverheadSeconds * 1e9 + Math.Max(flops * 1e9 / FlopsPerSecond, WeightReadSeconds * 1e9));

    /// <summary>Host cores one replica can count on: the node's cores shared evenly by the replicas on it; null: not limited.</summary>
    public double? CoresPerReplica => HostCores is { } c ? (double)c / Math.Max(1, ReplicasPerNode) : null;
}
