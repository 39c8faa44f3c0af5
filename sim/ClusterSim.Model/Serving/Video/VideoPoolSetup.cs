using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Video;

/// <summary>A set of identical video replicas (one deployment).</summary>
public sealed record VideoPoolSetup(string Name, int Replicas, VideoCostModel Cost)
{
    /// <summary>Most same-shaped requests whose steps run as one batch.</summary>
    public int MaxBatch { get; init; } = 1;

    public SchedulingPolicy Scheduling { get; init; } = SchedulingPolicy.Fcfs;

    /// <summary>
    /// Re-decide between denoising steps, so work the discipline ranks higher takes the replica
    /// from a started video (whose latent stays in memory: tens of MB, nothing to recompute).
    /// Off: a batch runs to its end, joined only by same-shaped requests at the head of the queue.
    /// </summary>
    public bool PreemptBetweenSteps { get; init; } = true;

    /// <summary>Longest waiting queue per replica; a request arriving to a full one is rejected.</summary>
    public int MaxQueue { get; init; } = int.MaxValue;

    /// <summary>Rent per accelerator-hour, for the cost per second of video (0: unknown).</summary>
    public double RentUsdPerAcceleratorHour { get; init; }
}
