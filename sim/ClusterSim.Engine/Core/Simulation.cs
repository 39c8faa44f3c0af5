using System.Runtime.CompilerServices;
using ClusterSim.Engine.Queue;
using ClusterSim.Engine.Randomness;

namespace ClusterSim.Engine.Core;

/// <summary>
/// The discrete-event simulation: a clock in nanoseconds, a pending-event set, and the loop that
/// pops the earliest entry and runs it. SimSharp's modelling API (processes, timeouts, resources)
/// over a faster core: a struct 4-ary heap, a long clock, and an allocation-free path
/// (<see cref="Schedule"/>) for hot components.
/// </summary>
public sealed class Simulation
{
    // Engine opcodes live below zero; handler opcodes are zero and above.
    private const int OpFireEvent = -1;
    private const int OpStartProcess = -2;

    // Order = (priority + bias) << SequenceBits | sequence.
    private const int SequenceBits = 40;
    private const long SequenceMask = (1L << SequenceBits) - 1;
    private const int PriorityBias = 1 << 21;

    private readonly IEventQueue _queue;
    private readonly QuaternaryHeapEventQueue? _heap; // the default queue, called without interface dispatch
    private long _sequence;
    private bool _stopRequested;

    // While an entry runs it stays at the top of the queue; the first entry it schedules replaces
    // it in one sift (pop-and-push fused), and if it schedules none it is popped afterwards.
    private bool _topPending;

    public Simulation(ulong seed = 0, IEventQueue? queue = null)
    {
        Seed = seed;
        _queue = queue ?? new QuaternaryHeapEventQueue();
        _heap = _queue as QuaternaryHeapEventQueue;
        Random = new RandomStreams(seed);
    }

    /// <summary>The root seed every named random stream derives from.</summary>
    public ulong Seed { get; }

    /// <summary>Current time in nanoseconds.</summary>
    public long Now { get; private set; }

    /// <summary>Current time in seconds (for reporting; compute with <see cref="Now"/>).</summary>
    public double NowSeconds => SimTime.ToSeconds(Now);

    /// <summary>Entries processed so far (events and allocation-free entries alike).</summary>
    public long ProcessedEvents { get; private set; }

    /// <summary>Entries still pending.</summary>
    public int PendingEvents => _queue.Count - (_topPending ? 1 : 0);

    /// <summary>The process whose code is running, or null.</summary>
    public Process? ActiveProcess { get; internal set; }

    /// <summary>Seeded random streams, one per name.</summary>
    public RandomStreams Random { get; }

    /// <summary>
    /// Called for every entry just before it runs: (time, target, opcode). Null costs nothing;
    /// used for determinism checks and timelines.
    /// </summary>
    public Action<long, object, int>? Trace { get; set; }

    // ---- process-oriented API -------------------------------------------------------------

    /// <summary>Start a process at the current time.</summary>
    public Process Process(IEnumerable<Event> generator, int priority = EventPriority.Normal)
        => new(this, generator, priority);

    public Timeout Timeout(long delay) => new(this, delay);

    public Timeout TimeoutSeconds(double seconds) => new(this, SimTime.FromSeconds(seconds));

    public Timeout Timeout(TimeSpan delay) => new(this, delay.Ticks * 100);

    public Event Event() => new(this);

    public AllOf AllOf(params Event[] events) => new(this, events);

    public AnyOf AnyOf(params Event[] events) => new(this, events);

    // ---- allocation-free path -------------------------------------------------------------

    /// <summary>Schedule <paramref name="handler"/>.OnEvent(opcode, arg) after <paramref name="delay"/> ns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Schedule(long delay, IEventHandler handler, int opcode = 0, int arg = 0, int priority = EventPriority.Normal)
    {
        CheckDelay(delay);
        if (opcode < 0)
        {
            ThrowNegativeOpcode(opcode);
        }

        Push(Now + delay, priority, handler, opcode, arg);
    }

    /// <summary>Schedule at an absolute time, not before now.</summary>
    public void ScheduleAt(long time, IEventHandler handler, int opcode = 0, int arg = 0, int priority = EventPriority.Normal)
        => Schedule(time - Now, handler, opcode, arg, priority);

    // ---- running ---------------------------------------------------------------------------

    /// <summary>Run until no event is left.</summary>
    public void Run() => Run(long.MaxValue);

    /// <summary>
    /// Run every entry due at or before <paramref name="until"/> (ns), then set the clock to
    /// <paramref name="until"/> when that is finite, as SimSharp does.
    /// </summary>
    public void Run(long until)
    {
        if (until < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(until), until, "cannot run to a time in the past");
        }

        _stopRequested = false;
        if (_heap is not null)
        {
            RunHeap(_heap, until);
        }
        else
        {
            var queue = _queue;
            try
            {
                while (queue.Count > 0 && !_stopRequested && queue.Peek().Time <= until)
                {
                    RunTop(queue.Peek());
                }
            }
            catch
            {
                DropFailedTop();
                throw;
            }
        }

        if (until != long.MaxValue && !_stopRequested)
        {
            Now = until;
        }
    }

    public void RunSeconds(double seconds) => Run(Now + SimTime.FromSeconds(seconds));

    /// <summary>Run until <paramref name="stop"/> has been processed (or nothing is left).</summary>
    public void Run(Event stop)
    {
        if (!stop.IsProcessed)
        {
            stop.AddCallback(_ => _stopRequested = true);
            Run();
        }
    }

    /// <summary>Ask the running loop to return after the current entry.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>Process exactly one entry. Returns false when nothing is pending.</summary>
    public bool Step()
    {
        if (_queue.Count == 0)
        {
            return false;
        }

        try
        {
            if (_heap is not null)
            {
                var entry = _heap.Peek();
                _topPending = true;
                StepCore(entry);
                if (_topPending)
                {
                    _topPending = false;
                    _heap.Pop();
                }
            }
            else
            {
                RunTop(_queue.Peek());
            }
        }
        catch
        {
            DropFailedTop();
            throw;
        }

        return true;
    }

    /// <summary>Time of the next pending entry, or long.MaxValue.</summary>
    public long PeekTime()
    {
        if (_topPending)
        {
            throw new InvalidOperationException("PeekTime cannot be called from inside a running entry.");
        }

        return _queue.Count == 0 ? long.MaxValue : _queue.Peek().Time;
    }

    /// <summary>The same loop as the interface path, specialised on the sealed default heap.</summary>
    private void RunHeap(QuaternaryHeapEventQueue heap, long until)
    {
        // One try around the whole loop, not one per entry: entering a protected region costs
        // nothing on .NET, so the hot path is unchanged and only a throw pays for the cleanup.
        try
        {
            while (heap.Count > 0 && !_stopRequested)
            {
                var entry = heap.Peek();
                if (entry.Time > until)
                {
                    break;
                }

                _topPending = true;
                StepCore(entry);
                if (_topPending)
                {
                    _topPending = false;
                    heap.Pop();
                }
            }
        }
        catch
        {
            DropFailedTop();
            throw;
        }
    }

    /// <summary>
    /// After an entry threw: if it had scheduled nothing it is still at the top, marked pending.
    /// Left there, the next Run would run it a second time, or the next Push would overwrite it
    /// (and PendingEvents would be one short meanwhile). The failed entry is done; drop it.
    /// </summary>
    private void DropFailedTop()
    {
        if (_topPending)
        {
            _topPending = false;
            _queue.Pop();
        }
    }

    private void RunTop(ScheduledEntry entry)
    {
        _topPending = true;
        StepCore(entry);
        if (_topPending)
        {
            _topPending = false;
            _queue.Pop();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StepCore(in ScheduledEntry entry)
    {
        Now = entry.Time;
        ProcessedEvents++;
        Trace?.Invoke(entry.Time, entry.Target, entry.Opcode);
        switch (entry.Opcode)
        {
            case OpFireEvent:
                Unsafe.As<Event>(entry.Target).Fire();
                break;
            case OpStartProcess:
                Unsafe.As<Process>(entry.Target).Start();
                break;
            default:
                Unsafe.As<IEventHandler>(entry.Target).OnEvent(entry.Opcode, entry.Arg);
                break;
        }
    }

    internal void ScheduleEvent(Event e, long delay, int priority)
    {
        CheckDelay(delay);
        Push(Now + delay, priority, e, OpFireEvent, 0);
    }

    /// <summary>
    /// A delay must be at least 0 and small enough that <c>Now + delay</c> does not wrap past
    /// long.MaxValue into the past. One unsigned comparison covers both: a negative delay becomes
    /// a huge unsigned one, and Now is never negative, so long.MaxValue - Now cannot underflow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckDelay(long delay)
    {
        if ((ulong)delay > (ulong)(long.MaxValue - Now))
        {
            ThrowDelay(delay);
        }
    }

    internal void ScheduleStart(Process p, int priority) => Push(Now, priority, p, OpStartProcess, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(long time, int priority, object target, int opcode, int arg)
    {
        if ((uint)(priority + PriorityBias) >= (uint)(2 * PriorityBias))
        {
            ThrowPriority(priority);
        }

        var order = ((long)(priority + PriorityBias) << SequenceBits) | (_sequence++ & SequenceMask);
        var entry = new ScheduledEntry(time, order, target, opcode, arg);
        if (_topPending)
        {
            _topPending = false;
            if (_heap is not null)
            {
                _heap.ReplaceTop(entry);
            }
            else
            {
                _queue.ReplaceTop(entry);
            }
        }
        else if (_heap is not null)
        {
            _heap.Push(entry);
        }
        else
        {
            _queue.Push(entry);
        }
    }

    private void ThrowDelay(long delay)
        => throw new ArgumentOutOfRangeException(nameof(delay), delay, delay < 0
            ? "an entry cannot be scheduled in the past"
            : $"now + delay would pass the end of simulated time (long.MaxValue ns); now is {Now}");

    private static void ThrowNegativeOpcode(int opcode)
        => throw new ArgumentOutOfRangeException(nameof(opcode), opcode, "negative opcodes are reserved for the engine");

    private static void ThrowPriority(int priority)
        => throw new ArgumentOutOfRangeException(nameof(priority), priority, $"priority must lie in [-{PriorityBias}, {PriorityBias})");
}
