using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>A first-in first-out buffer of items with a capacity.</summary>
public sealed class Store<T> : StoreBase<T>
{
    private readonly Queue<T> _items = new();

    public Store(Simulation simulation, int capacity = int.MaxValue)
        : base(simulation, capacity)
    {
    }

    public override int Count => _items.Count;

    public StoreGet<T> Get() => Enqueue(new StoreGet<T>(Simulation, null));

    private protected override void AddItem(T item) => _items.Enqueue(item);

    private protected override bool TryTake(StoreGet<T> get, out T item) => _items.TryDequeue(out item!);
}
