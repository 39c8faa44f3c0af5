using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Image;

/// <summary>A set of identical image replicas (one deployment), one accelerator each.</summary>
public sealed record ImagePoolSetup(string Name, int Replicas, ImageCostModel Cost)
{
    /// <summary>Most same-shaped requests whose steps run as one batch.</summary>
    public int MaxBatch { get; init; } = 1;

    public SchedulingPolicy Scheduling { get; init; } = SchedulingPolicy.Fcfs;

    /// <summary>Longest waiting queue per replica; a request arriving to a full one is rejected.</summary>
    public int MaxQueue { get; init; } = int.MaxValue;

    /// <summary>Rent per accelerator-hour, for the cost per image (0: unknown).</summary>
    public double RentUsdPerAcceleratorHour { get; init; }
}
