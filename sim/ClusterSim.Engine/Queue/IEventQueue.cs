namespace ClusterSim.Engine.Queue;

/// <summary>
/// The pending-event set. Implementations must pop entries in ascending (time, order), which
/// makes the simulation deterministic and first-in first-out among equal keys.
/// </summary>
public interface IEventQueue
{
    int Count { get; }

    void Push(in ScheduledEntry entry);

    /// <summary>Removes and returns the earliest entry. Throws <see cref="InvalidOperationException"/> when empty.</summary>
    ScheduledEntry Pop();

    /// <summary>The earliest entry, by reference, without removing it. Throws <see cref="InvalidOperationException"/> when empty.</summary>
    ref readonly ScheduledEntry Peek();

    /// <summary>
    /// Remove the earliest entry and insert <paramref name="entry"/> in one pass. Same result as
    /// <see cref="Pop"/> then <see cref="Push"/>; a heap does it with one sift instead of two,
    /// which is the common case of an event that schedules its successor.
    /// </summary>
    void ReplaceTop(in ScheduledEntry entry);

    void Clear();
}
