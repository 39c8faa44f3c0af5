namespace ClusterSim.Model.Serving.Scheduling;

/// <summary>
/// Weighted fair sharing between classes, by start-time fair queueing over classes (Goyal, Vin
/// and Cheng, SIGCOMM 1996): each class keeps a FIFO and a virtual finish tag F = service it has
/// received / its weight; the backlogged class with the smallest tag is served next, and taking an
/// item charges its class Work / weight. A class that was idle restarts from the system virtual
/// time V (the start tag of the last item served), so idleness banks no credit. Over any stretch in
/// which two classes stay backlogged, the service they receive differs from their weight ratio by
/// at most one item's work per class.
/// </summary>
internal sealed class FairQueue<T> : WaitingQueue<T>
{
    private readonly FifoQueue<T>[] _queues;
    private readonly double[] _weights;
    private readonly double[] _finish;
    private readonly Func<T, QueueItem> _describe;
    private double _virtualTime;
    private int _count;

    public FairQueue(IReadOnlyList<ClassSchedule> classes, Func<T, QueueItem> describe)
    {
        _queues = new FifoQueue<T>[classes.Count];
        _weights = new double[classes.Count];
        _finish = new double[classes.Count];
        for (var i = 0; i < classes.Count; i++)
        {
            if (!(classes[i].Weight > 0) || double.IsInfinity(classes[i].Weight))
            {
                throw new ArgumentException($"class {i}: a fair-sharing weight must be a positive number, got {classes[i].Weight}");
            }

            _queues[i] = new FifoQueue<T>();
            _weights[i] = classes[i].Weight;
        }

        _describe = describe;
    }

    public override int Count => _count;

    public override T PeekFront() => _queues[Next()].PeekFront();

    public override T PopFront()
    {
        var c = Next();
        var item = _queues[c].PopFront();
        _count--;
        _virtualTime = _finish[c];
        _finish[c] += _describe(item).Work / _weights[c];
        return item;
    }

    public override void PushBack(T item)
    {
        var c = ClassOf(item);
        if (_queues[c].Count == 0)
        {
            _finish[c] = Math.Max(_finish[c], _virtualTime);
        }

        _queues[c].PushBack(item);
        _count++;
    }

    public override void PushFront(T item)
    {
        var c = ClassOf(item);
        if (_queues[c].Count == 0)
        {
            _finish[c] = Math.Max(_finish[c], _virtualTime);
        }

        _queues[c].PushFront(item);
        _count++;
    }

    private int ClassOf(T item)
    {
        var c = _describe(item).ClassIndex;
        return (uint)c < (uint)_queues.Length
            ? c
            : throw new ArgumentOutOfRangeException(nameof(item), c, $"class index outside the table of {_queues.Length} classes");
    }

    /// <summary>The backlogged class with the smallest tag; ties go to the older head, then the lower index.</summary>
    private int Next()
    {
        var best = -1;
        var bestReady = 0L;
        var bestId = 0L;
        for (var c = 0; c < _queues.Length; c++)
        {
            if (_queues[c].Count == 0)
            {
                continue;
            }

            if (best < 0 || _finish[c] < _finish[best])
            {
                best = c;
                var head = _describe(_queues[c].PeekFront());
                (bestReady, bestId) = (head.ReadyNs, head.Id);
            }
            else if (_finish[c] == _finish[best])
            {
                var head = _describe(_queues[c].PeekFront());
                if (head.ReadyNs < bestReady || (head.ReadyNs == bestReady && head.Id < bestId))
                {
                    best = c;
                    (bestReady, bestId) = (head.ReadyNs, head.Id);
                }
            }
        }

        return best >= 0 ? best : throw new InvalidOperationException("the queue is empty");
    }
}
