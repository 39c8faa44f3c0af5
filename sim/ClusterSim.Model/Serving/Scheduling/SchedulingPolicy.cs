namespace ClusterSim.Model.Serving.Scheduling;

/// <summary>
/// The queue discipline a pool runs (scenario key <c>policies.scheduling</c>): a built-in below, or any
/// <see cref="IQueueDiscipline"/> (<see cref="SchedulingPolicies"/> creates them by name).
/// </summary>
public sealed class SchedulingPolicy
{
    private SchedulingPolicy(IQueueDiscipline discipline) => Discipline = discipline;

    /// <summary>First come, first served (the default: a FIFO, preempted work back at the front).</summary>
    public static SchedulingPolicy Fcfs { get; } = new(new FcfsDiscipline());

    /// <summary>Strict priority: a higher class priority always goes first; first come within a priority.</summary>
    public static SchedulingPolicy Priority { get; } = new(new OrderedDiscipline("priority", OrderKind.Priority));

    /// <summary>Earliest deadline first: ready time plus the class's deadline (TTFT, video deadline, frame deadline).</summary>
    public static SchedulingPolicy Edf { get; } = new(new OrderedDiscipline("edf", OrderKind.Edf));

    /// <summary>Smallest job first (prompt tokens, video work, frame work).</summary>
    public static SchedulingPolicy ShortestFirst { get; } = new(new OrderedDiscipline("shortest_first", OrderKind.ShortestFirst));

    /// <summary>Weighted fair sharing between classes: each gets service in proportion to its weight.</summary>
    public static SchedulingPolicy Fair { get; } = new(new FairDiscipline());

    public IQueueDiscipline Discipline { get; }

    public string Name => Discipline.Name;

    /// <summary>A pool's discipline from any implementation (a built-in's own instance when given one).</summary>
    public static SchedulingPolicy Of(IQueueDiscipline discipline)
    {
        ArgumentNullException.ThrowIfNull(discipline);
        return new[] { Fcfs, Priority, Edf, ShortestFirst, Fair }.FirstOrDefault(p => ReferenceEquals(p.Discipline, discipline))
               ?? new SchedulingPolicy(discipline);
    }

    public override string ToString() => Name;

    private sealed class FcfsDiscipline : IQueueDiscipline
    {
        public string Name => "fcfs";

        public WaitingQueue<T> Create<T>(IReadOnlyList<ClassSchedule> classes, Func<T, QueueItem> describe) => new FifoQueue<T>();
    }

    private sealed class OrderedDiscipline(string name, OrderKind kind) : IQueueDiscipline
    {
        public string Name => name;

        public WaitingQueue<T> Create<T>(IReadOnlyList<ClassSchedule> classes, Func<T, QueueItem> describe)
            => new OrderedQueue<T>(kind, classes, describe);
    }

    private sealed class FairDiscipline : IQueueDiscipline
    {
        public string Name => "fair";

        public WaitingQueue<T> Create<T>(IReadOnlyList<ClassSchedule> classes, Func<T, QueueItem> describe)
            => new FairQueue<T>(classes, describe);
    }
}
