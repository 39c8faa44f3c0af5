using ClusterSim.Engine.Core;
using ClusterSim.Engine.Monitoring;

namespace ClusterSim.Engine.Resources;

/// <summary>
/// A fixed set of distinct resources (machines, rooms, named GPUs): a request names a filter and
/// receives the longest-idle item it accepts; <see cref="Release"/> gives the item back. Between a
/// <see cref="Resource"/> (fixed capacity, served in order) and a <see cref="FilterStore{T}"/>
/// (items with identity), as SimSharp's ResourcePool. Releasing an item that is not the pool's, or
/// one that is not out, throws instead of silently growing the pool.
/// </summary>
public sealed class ResourcePool<T> : StoreBase<T>
{
    private static readonly Func<T, bool> AcceptAll = _ => true;
    private readonly List<T> _members;
    private readonly List<T> _available = new();
    private readonly List<long> _since = new();

    public ResourcePool(Simulation simulation, IEnumerable<T> items)
        : this(simulation, (items ?? throw new ArgumentNullException(nameof(items))).ToList())
    {
    }

    private ResourcePool(Simulation simulation, List<T> members)
        : base(simulation, Math.Max(1, members.Count))
    {
        if (members.Count == 0)
        {
            throw new ArgumentException("A resource pool needs at least one item.", nameof(members));
        }

        _members = members;
        foreach (var item in members)
        {
            _available.Add(item);
            _since.Add(simulation.Now);
        }
    }

    public override int Count => _available.Count;

    /// <summary>Items handed out and not yet released.</summary>
    public int InUse => Capacity - _available.Count;

    public IReadOnlyList<T> Available => _available;

    /// <summary>Items out over time (divide by the capacity for utilization).</summary>
    public TimeWeightedMonitor? InUseMonitor { get; set; }

    /// <summary>Ask for an item that <paramref name="filter"/> accepts (any item when null).</summary>
    public StoreGet<T> Request(Func<T, bool>? filter = null) => Enqueue(new StoreGet<T>(Simulation, filter ?? AcceptAll));

    /// <summary>Give back an item obtained with <see cref="Request"/>.</summary>
    public StorePut<T> Release(T item) => Put(item);

    private protected override void CheckPut(T item)
    {
        var comparer = EqualityComparer<T>.Default;
        var owned = _members.Count(m => comparer.Equals(m, item));
        if (owned == 0)
        {
            throw new ArgumentException($"'{item}' is not an item of this pool.", nameof(item));
        }

        if (_available.Count(m => comparer.Equals(m, item)) >= owned)
        {
            throw new InvalidOperationException($"'{item}' is released but is not out of the pool.");
        }
    }

    private protected override void OnItemsChanged() => InUseMonitor?.Update(InUse);

    private protected override void AddItem(StorePut<T> put, long since)
    {
        _available.Add(put.Item);
        _since.Add(since);
    }

    private protected override bool TryTake(StoreGet<T> get, out T item, out long since)
    {
        for (var i = 0; i < _available.Count; i++)
        {
            if (get.Filter!(_available[i]))
            {
                item = _available[i];
                since = _since[i];
                _available.RemoveAt(i);
                _since.RemoveAt(i);
                return true;
            }
        }

        item = default!;
        since = 0;
        return false;
    }
}
