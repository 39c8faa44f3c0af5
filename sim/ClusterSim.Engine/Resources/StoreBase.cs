using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>
/// The put/get machinery shared by <see cref="Store{T}"/> and <see cref="FilterStore{T}"/>:
/// puts wait while full, gets wait until an item they accept is there, both first in first out.
/// </summary>
public abstract class StoreBase<T>
{
    private readonly Queue<StorePut<T>> _puts = new();
    private readonly LinkedList<StoreGet<T>> _gets = new();

    protected StoreBase(Simulation simulation, int capacity = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Simulation = simulation;
        Capacity = capacity;
    }

    public Simulation Simulation { get; }

    public int Capacity { get; }

    public abstract int Count { get; }

    public int WaitingPuts => _puts.Count;

    public int WaitingGets => _gets.Count;

    public StorePut<T> Put(T item)
    {
        var put = new StorePut<T>(Simulation, item);
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

    private protected abstract void AddItem(T item);

    /// <summary>Take an item that satisfies the get, if any.</summary>
    private protected abstract bool TryTake(StoreGet<T> get, out T item);

    /// <summary>Move items in from waiting puts and out to waiting gets until neither can move.</summary>
    private void Balance()
    {
        bool changed;
        do
        {
            changed = false;
            while (_puts.Count > 0 && Count < Capacity)
            {
                var put = _puts.Dequeue();
                AddItem(put.Item);
                put.Succeed(put.Item);
                changed = true;
            }

            var node = _gets.First;
            while (node is not null && Count > 0)
            {
                var next = node.Next;
                if (TryTake(node.Value, out var item))
                {
                    node.Value.Item = item;
                    node.Value.Succeed(item);
                    _gets.Remove(node);
                    changed = true;
                }
                else if (node.Value.Filter is null)
                {
                    break; // a plain get that cannot be served blocks those behind it
                }

                node = next;
            }
        }
        while (changed && _puts.Count > 0 && Count < Capacity);
    }
}
