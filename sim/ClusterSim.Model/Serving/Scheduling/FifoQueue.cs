namespace ClusterSim.Model.Serving.Scheduling;

/// <summary>First come, first served: a ring-buffer deque, O(1) at both ends.</summary>
internal sealed class FifoQueue<T> : WaitingQueue<T>
{
    private T[] _items = new T[16];
    private int _head;
    private int _count;

    public override int Count => _count;

    public override T PeekFront() => _count > 0 ? _items[_head] : throw new InvalidOperationException("the queue is empty");

    public override void PushBack(T item)
    {
        Grow();
        _items[(_head + _count++) & (_items.Length - 1)] = item;
    }

    public override void PushFront(T item)
    {
        Grow();
        _head = (_head - 1) & (_items.Length - 1);
        _items[_head] = item;
        _count++;
    }

    public override T PopFront()
    {
        var item = PeekFront();
        _items[_head] = default!;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        return item;
    }

    private void Grow()
    {
        if (_count < _items.Length)
        {
            return;
        }

        var bigger = new T[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        _items = bigger;
        _head = 0;
    }
}
