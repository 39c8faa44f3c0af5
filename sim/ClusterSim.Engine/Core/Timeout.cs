namespace ClusterSim.Engine.Core;

/// <summary>An event that succeeds after a delay; scheduled when created.</summary>
public sealed class Timeout : Event
{
    public Timeout(Simulation simulation, long delay, object? value = null, int priority = EventPriority.Normal)
        : base(simulation)
    {
        if (delay < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "a timeout cannot go back in time");
        }

        Delay = delay;
        MarkTriggered(value);
        simulation.ScheduleEvent(this, delay, priority);
    }

    /// <summary>The delay in nanoseconds.</summary>
    public long Delay { get; }
}
