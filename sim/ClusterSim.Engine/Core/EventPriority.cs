namespace ClusterSim.Engine.Core;

/// <summary>
/// Among events at the same time, lower values run first. Urgent is for engine bookkeeping
/// (process start, interrupts) that must happen before ordinary events scheduled at that time.
/// </summary>
public static class EventPriority
{
    public const int Urgent = -1;
    public const int Normal = 0;
    public const int Low = 1;
}
