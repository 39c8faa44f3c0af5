using ClusterSim.Engine.Core;
using ClusterSim.Engine.Monitoring;

namespace ClusterSim.Engine.Resources;

/// <summary>
/// The put/get machinery shared by the stores (<see cref="Store{T}"/>, <see cref="FilterStore{T}"/>,
/// <see cref="StackStore{T}"/>, <see cref="PriorityStore{T}"/>, <see cref="ResourcePool{T}"/>):
/// puts wait while full, gets wait until an item they accept is there, both first in first out;
/// which item a get receives is the subclass's order. Monitors and When* conditions are optional
/// and cost a null check per change when unset.
/// </summary>
public abstract class StoreBase<T>
{
    private readonly Queue<StorePut<T>> _puts = new();
    private readonly LinkedList<StoreGet<T>> _gets = new();
    private ConditionWaiters? _conditions;

    protected StoreBase(Simulation simulation, int capacity = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Simulation = simulation;
        Capacity = capacity;
    }

    public Simulation Simulation { get; }

    public int Capacity { get; }

    public abstract int Count { get; }

    public int WaitingPuts => _puts.Count;

    public int WaitingGets => _gets.Count;

    /// <summary>Items in the store over time.</summary>
    public TimeWeightedMonitor? CountMonitor { get; set; }

    /// <summary>Fill over time: Count / Capacity (meaningful for a finite capacity).</summary>
    public TimeWeightedMonitor? UtilizationMonitor { get; set; }

    /// <summary>Work in progress over time: items in the store plus items waiting to be put.</summary>
    public TimeWeightedMonitor? WipMonitor { get; set; }

    /// <summary>Seconds each item spent in the store, from the accepted put to the get that took it.</summary>
    public SampleMonitor? LeadTimeMonitor { get; set; }

    /// <summary>Seconds each get waited for its item.</summary>
    public SampleMonitor? GetWaitingTimeMonitor { get; set; }

    /// <summary>Gets waiting over time.</summary>
    public TimeWeightedMonitor? GetQueueLengthMonitor { get; set; }

    /// <summary>Puts waiting (the store full) over time.</summary>
    public TimeWeightedMonitor? PutQueueLengthMonitor { get; set; }

    /// <summary>Succeeds as soon as the store holds at least one item.</summary>
    public Event WhenAny() => Conditions.Add(Simulation, () => Count > 0);

    /// <summary>Succeeds as soon as the store is at capacity.</summary>
    public Event WhenFull() => Conditions.Add(Simulation, () => Count >= Capacity);

    /// <summary>Succeeds as soon as the store holds no item.</summary>
    public Event WhenEmpty() => Conditions.Add(Simulation, () => Count == 0);

    /// <summary>Succeeds at the next put or get (asked for or completed).</summary>
    public Event WhenChange() => Conditions.Add(Simulation, null);

    private ConditionWaiters Conditions => _conditions ??= new ConditionWaiters();

    public StorePut<T> Put(T item) => EnqueuePut(new StorePut<T>(Simulation, item, 0));

    private protected StorePut<T> EnqueuePut(StorePut<T> put)
    {
        CheckPut(put.Item);
        _puts.Enqueue(put);
        Balance();
        return put;
    }

    private protected StoreGet<T> Enqueue(StoreGet<T> get)
    {
        _gets.AddLast(get);
        Balance();
        return get;
    }

    /// <summary>Refuse a put before it is queued (the pool refuses items that are not its own).</summary>
    private protected virtual void CheckPut(T item)
    {
    }

    /// <summary>Called after items moved in or out (the pool keeps its in-use monitor with it).</summary>
    private protected virtual void OnItemsChanged()
    {
    }

    /// <summary>Store the item of an accepted put; <paramref name="since"/> is now, kept for lead times.</summary>
    private protected abstract void AddItem(StorePut<T> put, long since);

    /// <summary>Take an item that satisfies the get, if any, with the time it was put.</summary>
    private protected abstract bool TryTake(StoreGet<T> get, out T item, out long since);

    /// <summary>Move items in from waiting puts and out to waiting gets until neither can move.</summary>
    private void Balance()
    {
        var moved = false;
        bool changed;
        do
        {
            changed = false;
            while (_puts.Count > 0 && Count < Capacity)
            {
                var put = _puts.Dequeue();
                AddItem(put, Simulation.Now);
                put.Succeed(put.Item);
                changed = true;
            }

            var node = _gets.First;
            while (node is not null && Count > 0)
            {
                var next = node.Next;
                var get = node.Value;
                if (TryTake(get, out var item, out var since))
                {
                    LeadTimeMonitor?.Add(SimTime.ToSeconds(Simulation.Now - since));
                    GetWaitingTimeMonitor?.Add(SimTime.ToSeconds(Simulation.Now - get.RequestTime));
                    get.Item = item;
                    get.Succeed(item);
                    _gets.Remove(node);
                    changed = true;
                }
                else if (get.Filter is null)
                {
                    break; // a plain get that cannot be served blocks those behind it
                }

                node = next;
            }

            moved |= changed;
        }
        while (changed && _puts.Count > 0 && Count < Capacity);

        CountMonitor?.Update(Count);
        UtilizationMonitor?.Update(Count / (double)Capacity);
        WipMonitor?.Update(Count + _puts.Count);
        GetQueueLengthMonitor?.Update(_gets.Count);
        PutQueueLengthMonitor?.Update(_puts.Count);
        if (moved)
        {
            OnItemsChanged();
        }

        _conditions?.Changed();
    }
}
