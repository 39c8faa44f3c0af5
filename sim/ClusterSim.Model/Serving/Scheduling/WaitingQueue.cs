namespace ClusterSim.Model.Serving.Scheduling;

/// <summary>
/// A replica's waiting line under a scheduling discipline. New work joins with
/// <see cref="PushBack"/>; work taken out and returned unfinished (a preempted request, a video
/// between denoising steps) comes back with <see cref="PushFront"/>, ahead of its peers under
/// FCFS. The head is what the discipline serves next.
/// </summary>
/// <remarks>
/// Every operation is O(1) (FCFS), O(log n) (ordered disciplines) or O(classes) (fair sharing)
/// and allocation-free once the storage has grown. Several items returned with
/// <see cref="PushFront"/> must be returned in the reverse of the order they were taken, so FCFS
/// keeps their order; the other disciplines order them by their keys anyway.
/// </remarks>
public abstract class WaitingQueue<T>
{
    /// <summary>The discipline that made this queue (set by <see cref="Create"/>).</summary>
    public SchedulingPolicy Policy { get; private set; } = SchedulingPolicy.Fcfs;

    public abstract int Count { get; }

    /// <summary>What the discipline serves next. The queue must not be empty.</summary>
    public abstract T PeekFront();

    /// <summary>Takes the head out (and, under fair sharing, charges its class for it).</summary>
    public abstract T PopFront();

    /// <summary>New work joins.</summary>
    public abstract void PushBack(T item);

    /// <summary>Work taken out earlier returns unfinished.</summary>
    public abstract void PushFront(T item);

    /// <summary>A queue under <paramref name="policy"/>.</summary>
    /// <param name="classes">The class table, indexed by <see cref="QueueItem.ClassIndex"/>.</param>
    /// <param name="describe">Reads an item's class, ready time, id, size and work; called once per push.</param>
    public static WaitingQueue<T> Create(SchedulingPolicy policy, IReadOnlyList<ClassSchedule> classes, Func<T, QueueItem> describe)
    {
        var queue = policy.Discipline.Create(classes, describe)
                    ?? throw new InvalidOperationException($"queue discipline '{policy.Name}' made no queue");
        queue.Policy = policy;
        return queue;
    }
}
