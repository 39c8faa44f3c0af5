using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>
/// A store whose gets may name a filter: each waiting get takes the oldest item it accepts, so a
/// get waiting for a rare item does not block gets behind it.
/// </summary>
public sealed class FilterStore<T> : StoreBase<T>
{
    private static readonly Func<T, bool> AcceptAll = _ => true;
    private readonly List<T> _items = new();
    private readonly List<long> _since = new();

    public FilterStore(Simulation simulation, int capacity = int.MaxValue)
        : base(simulation, capacity)
    {
    }

    public override int Count => _items.Count;

    public IReadOnlyList<T> Items => _items;

    public StoreGet<T> Get(Func<T, bool>? filter = null) => Enqueue(new StoreGet<T>(Simulation, filter ?? AcceptAll));

    private protected override void AddItem(StorePut<T> put, long since)
    {
        _items.Add(put.Item);
        _since.Add(since);
    }

    private protected override bool TryTake(StoreGet<T> get, out T item, out long since)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (get.Filter!(_items[i]))
            {
                item = _items[i];
                since = _since[i];
                _items.RemoveAt(i);
                _since.RemoveAt(i);
                return true;
            }
        }

        item = default!;
        since = 0;
        return false;
    }
}
