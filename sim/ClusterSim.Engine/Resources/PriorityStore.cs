using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>
/// A store whose gets take the item of lowest priority value first, ties in the order they were
/// put (SimSharp's PriorityStore). <see cref="StoreBase{T}.Put"/> without a priority puts at 0.
/// </summary>
public sealed class PriorityStore<T> : StoreBase<T>
{
    private readonly PriorityQueue<(T Item, long Since), (double Priority, long Sequence)> _items = new();
    private long _sequence;

    public PriorityStore(Simulation simulation, int capacity = int.MaxValue)
        : base(simulation, capacity)
    {
    }

    public override int Count => _items.Count;

    /// <summary>Put <paramref name="item"/> with <paramref name="priority"/> (lower leaves first).</summary>
    public StorePut<T> Put(T item, double priority)
    {
        if (double.IsNaN(priority))
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "a priority must be a number");
        }

        return EnqueuePut(new StorePut<T>(Simulation, item, priority));
    }

    public StoreGet<T> Get() => Enqueue(new StoreGet<T>(Simulation, null));

    private protected override void AddItem(StorePut<T> put, long since)
        => _items.Enqueue((put.Item, since), (put.Priority, _sequence++));

    private protected override bool TryTake(StoreGet<T> get, out T item, out long since)
    {
        var taken = _items.TryDequeue(out var entry, out _);
        (item, since) = entry;
        return taken;
    }
}
