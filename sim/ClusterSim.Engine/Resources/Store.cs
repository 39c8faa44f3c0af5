using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>A first-in first-out buffer of items with a capacity.</summary>
public sealed class Store<T> : StoreBase<T>
{
    private readonly Queue<(T Item, long Since)> _items = new();

    public Store(Simulation simulation, int capacity = int.MaxValue)
        : base(simulation, capacity)
    {
    }

    public override int Count => _items.Count;

    public StoreGet<T> Get() => Enqueue(new StoreGet<T>(Simulation, null));

    private protected override void AddItem(StorePut<T> put, long since) => _items.Enqueue((put.Item, since));

    private protected override bool TryTake(StoreGet<T> get, out T item, out long since)
    {
        var taken = _items.TryDequeue(out var entry);
        (item, since) = entry;
        return taken;
    }
}
