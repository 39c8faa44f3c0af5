using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Avatar;

/// <summary>A set of identical avatar replicas, one accelerator each.</summary>
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
}
