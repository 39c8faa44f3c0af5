namespace ClusterSim.Engine.Queue;

/// <summary>
/// A plain binary heap: the textbook reference implementation, kept so the contract tests and the
/// benchmarks have something to compare the 4-ary heap with.
/// </summary>
public sealed class BinaryHeapEventQueue : IEventQueue
{
    private ScheduledEntry[] _items = new ScheduledEntry[64];
    private int _count;

    public int Count => _count;

    public void Push(in ScheduledEntry entry)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        var hole = _count++;
        while (hole > 0)
        {
            var parent = (hole - 1) / 2;
            if (!entry.Precedes(_items[parent]))
            {
                break;
            }

            _items[hole] = _items[parent];
            hole = parent;
        }

        _items[hole] = entry;
    }

    public ref readonly ScheduledEntry Peek()
    {
        if (_count == 0)
        {
            QuaternaryHeapEventQueue.ThrowEmpty();
        }

        return ref _items[0];
    }

    public ScheduledEntry Pop()
    {
        if (_count == 0)
        {
            QuaternaryHeapEventQueue.ThrowEmpty();
        }

        var top = _items[0];
        var moving = _items[--_count];
        _items[_count] = default;
        if (_count > 0)
        {
            var hole = 0;
            while (true)
            {
                var child = 2 * hole + 1;
                if (child >= _count)
                {
                    break;
                }

                if (child + 1 < _count && _items[child + 1].Precedes(_items[child]))
                {
                    child++;
                }

                if (!_items[child].Precedes(moving))
                {
                    break;
                }

                _items[hole] = _items[child];
                hole = child;
            }

            _items[hole] = moving;
        }

        return top;
    }

    public void ReplaceTop(in ScheduledEntry entry)
    {
        Pop(); // throws when empty, like the other operations
        Push(entry);
    }

    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }
}
