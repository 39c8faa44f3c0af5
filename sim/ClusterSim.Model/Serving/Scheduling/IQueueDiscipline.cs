namespace ClusterSim.Model.Serving.Scheduling;

/// <summary>
/// A queue discipline (scenario key <c>policies.scheduling</c>): makes the waiting queue of a replica. A
/// researcher's discipline is one class implementing this and returning its own <see cref="WaitingQueue{T}"/>;
/// it serves text requests, videos and avatar frames alike, since the queue reads items through
/// <paramref name="describe"/> only.
/// </summary>
public interface IQueueDiscipline
{
    string Name { get; }

    /// <param name="classes">The class table, indexed by <see cref="QueueItem.ClassIndex"/>.</param>
    /// <param name="describe">Reads an item's class, ready time, id, size and work; call it once per push.</param>
    WaitingQueue<T> Create<T>(IReadOnlyList<ClassSchedule> classes, Func<T, QueueItem> describe);
}
