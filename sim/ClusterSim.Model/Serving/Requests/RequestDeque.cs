namespace ClusterSim.Model.Serving.Requests;

/// <summary>
/// A ring-buffer deque: waiting requests join at the back, preempted ones go back to the front.
/// </summary>
public sealed class RequestDeque
{
    private TextRequest?[] _items = new TextRequest?[16];
    private int _head;
    private int _count;

    public int Count => _count;

    public TextRequest this[int index] => _items[(_head + index) & (_items.Length - 1)]!;

    public TextRequest PeekFront() => _items[_head]!;

    public void PushBack(TextRequest request)
    {
        Grow();
        _items[(_head + _count++) & (_items.Length - 1)] = request;
    }

    public void PushFront(TextRequest request)
    {
        Grow();
        _head = (_head - 1) & (_items.Length - 1);
        _items[_head] = request;
        _count++;
    }

    public TextRequest PopFront()
    {
        var r = _items[_head]!;
        _items[_head] = null;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        return r;
    }

    private void Grow()
    {
        if (_count < _items.Length)
        {
            return;
        }

        var bigger = new TextRequest?[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        _items = bigger;
        _head = 0;
    }
}
