using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ClusterSim.Engine.Queue;

/// <summary>
/// A 4-ary min-heap over a struct array. Four children per node halve the depth of a binary heap,
/// and the children of a node share a cache line or two, so sift-down touches fewer lines. Holes
/// are moved instead of swapped (one write per level).
/// </summary>
public sealed class QuaternaryHeapEventQueue : IEventQueue
{
    private ScheduledEntry[] _items;
    private int _count;

    public QuaternaryHeapEventQueue(int initialCapacity = 1024)
    {
        _items = new ScheduledEntry[Math.Max(4, initialCapacity)];
    }

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(in ScheduledEntry entry)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        var items = _items;
        var hole = _count++;
        while (hole > 0)
        {
            var parent = (hole - 1) >> 2;
            ref var p = ref items[parent];
            if (!entry.Precedes(p))
            {
                break;
            }

            items[hole] = p;
            hole = parent;
        }

        items[hole] = entry;
    }

    /// <summary>The earliest entry; throws <see cref="InvalidOperationException"/> when empty.</summary>
    public ref readonly ScheduledEntry Peek()
    {
        if (_count == 0)
        {
            ThrowEmpty();
        }

        return ref _items[0];
    }

    /// <summary>Removes and returns the earliest entry; throws <see cref="InvalidOperationException"/> when empty.</summary>
    public ScheduledEntry Pop()
    {
        if (_count == 0)
        {
            ThrowEmpty();
        }

        return RemoveTop();
    }

    /// <summary>Peek without the emptiness check, for the simulation loop, which tests Count first.</summary>
    internal ref readonly ScheduledEntry Top
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _items[0];
    }

    /// <summary>Pop without the emptiness check, for the simulation loop, which knows the top is there.</summary>
    internal ScheduledEntry RemoveTop()
    {
        var items = _items;
        var top = items[0];
        var last = --_count;
        if (last > 0)
        {
            SiftDownFromRoot(items, items[last], last);
        }

        items[last] = default; // drop the reference so the GC can collect finished targets
        return top;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ReplaceTop(in ScheduledEntry entry)
    {
        if (_count == 0)
        {
            ThrowEmpty(); // there is no top to replace; sifting would write past Count
        }

        SiftDownFromRoot(_items, entry, _count);
    }

    /// <summary>ReplaceTop without the emptiness check, for the simulation, which holds the top.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ReplaceTopUnchecked(in ScheduledEntry entry) => SiftDownFromRoot(_items, entry, _count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SiftDownFromRoot(ScheduledEntry[] items, in ScheduledEntry moving, int count)
    {
        // Unchecked indexing (every index is below count <= items.Length) and the best child's key
        // kept in registers: this loop is most of the engine's time per event.
        ref var root = ref MemoryMarshal.GetArrayDataReference(items);
        var movingTime = moving.Time;
        var movingOrder = moving.Order;
        var hole = 0;
        while (true)
        {
            var first = (hole << 2) + 1;
            if (first >= count)
            {
                break;
            }

            var best = first;
            ref var candidate = ref Unsafe.Add(ref root, first);
            var bestTime = candidate.Time;
            var bestOrder = candidate.Order;
            var end = Math.Min(first + 4, count);
            for (var c = first + 1; c < end; c++)
            {
                ref var e = ref Unsafe.Add(ref root, c);
                if (e.Time < bestTime || (e.Time == bestTime && e.Order < bestOrder))
                {
                    best = c;
                    bestTime = e.Time;
                    bestOrder = e.Order;
                }
            }

            if (bestTime > movingTime || (bestTime == movingTime && bestOrder > movingOrder))
            {
                break;
            }

            Unsafe.Add(ref root, hole) = Unsafe.Add(ref root, best);
            hole = best;
        }

        Unsafe.Add(ref root, hole) = moving;
    }

    internal static void ThrowEmpty()
        => throw new InvalidOperationException("The event queue is empty: check Count before Peek or Pop.");

    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }
}
