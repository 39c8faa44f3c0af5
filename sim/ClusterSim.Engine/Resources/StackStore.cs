using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>
/// A last-in first-out store (a stack): a get takes the item put most recently. Named StackStore,
/// not Stack, so it does not clash with System.Collections.Generic.Stack in models that use both.
/// </summary>
public sealed class StackStore<T> : StoreBase<T>
{
    private readonly Stack<(T Item, long Since)> _items = new();

    public StackStore(Simulation simulation, int capacity = int.MaxValue)
        : base(simulation, capacity)
    {
    }

    public override int Count => _items.Count;

    public StoreGet<T> Get() => Enqueue(new StoreGet<T>(Simulation, null));

    private protected override void AddItem(StorePut<T> put, long since) => _items.Push((put.Item, since));

    private protected override bool TryTake(StoreGet<T> get, out T item, out long since)
    {
        var taken = _items.TryPop(out var entry);
        (item, since) = entry;
        return taken;
    }
}
