namespace ClusterSim.Model.Serving.Scheduling;

/// <summary>
/// Strict priority, earliest deadline first and shortest first: a binary heap on a key computed
/// once per push, ties broken oldest first (ready time, then id), so the order is total and a run
/// is deterministic. An item returned unfinished gets its own key again: it resumes ahead of
/// younger peers but behind anything the discipline ranks higher.
/// </summary>
internal sealed class OrderedQueue<T> : WaitingQueue<T>
{
    private readonly OrderKind _policy;
    private readonly ClassSchedule[] _classes;
    private readonly Func<T, QueueItem> _describe;
    private readonly PriorityQueue<T, OrderKey> _heap = new(OrderKeyComparer.Instance);

    public OrderedQueue(OrderKind policy, IReadOnlyList<ClassSchedule> classes, Func<T, QueueItem> describe)
    {
        _policy = policy;
        _classes = classes.ToArray();
        _describe = describe;
    }

    public override int Count => _heap.Count;

    public override T PeekFront() => _heap.Peek();

    public override T PopFront() => _heap.Dequeue();

    public override void PushBack(T item) => _heap.Enqueue(item, Key(_describe(item)));

    public override void PushFront(T item) => PushBack(item);

    private OrderKey Key(in QueueItem item)
    {
        if ((uint)item.ClassIndex >= (uint)_classes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(item), item.ClassIndex, $"class index outside the table of {_classes.Length} classes");
        }

        var c = _classes[item.ClassIndex];
        return _policy switch
        {
            OrderKind.Priority => new OrderKey(-(long)c.Priority, 0, item.ReadyNs, item.Id),
            OrderKind.Edf => new OrderKey(Deadline(item.ReadyNs, c.DeadlineNs), 0, item.ReadyNs, item.Id),
            OrderKind.ShortestFirst => new OrderKey(0, item.Size, item.ReadyNs, item.Id),
            _ => throw new ArgumentOutOfRangeException(nameof(item), _policy, "not an ordered discipline"),
        };
    }

    // A class without a deadline sorts after every deadline (long.MaxValue), oldest first among its peers.
    private static long Deadline(long readyNs, long relativeNs)
        => relativeNs == ClassSchedule.NoDeadline || readyNs > long.MaxValue - relativeNs ? long.MaxValue : readyNs + relativeNs;

    private readonly record struct OrderKey(long Primary, double Size, long ReadyNs, long Id);

    private sealed class OrderKeyComparer : IComparer<OrderKey>
    {
        public static readonly OrderKeyComparer Instance = new();

        public int Compare(OrderKey a, OrderKey b)
        {
            var c = a.Primary.CompareTo(b.Primary);
            if (c != 0)
            {
                return c;
            }

            c = a.Size.CompareTo(b.Size);
            if (c != 0)
            {
                return c;
            }

            c = a.ReadyNs.CompareTo(b.ReadyNs);
            return c != 0 ? c : a.Id.CompareTo(b.Id);
        }
    }
}
