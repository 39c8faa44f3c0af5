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

    // Order = (priority + bias) << SequenceBits | sequence. The biased priority takes 22 bits and
    // the sequence the other 41, so every order is a non-negative long. The sequence is checked,
    // not masked: wrapping would silently break first-in first-out among equal keys.
    private const int SequenceBits = 41;
    internal const long MaxSequence = (1L << SequenceBits) - 1;
    private const int PriorityBias = 1 << 21;

    private readonly IEventQueue _queue;
    private readonly QuaternaryHeapEventQueue? _heap; // the default queue, called without interface dispatch
    private long _sequence;
    private bool _stopRequested;
    private RealtimePacer? _pacer;     // null: virtual time (the fast loop)
    private SimRandom? _defaultRandom;

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

    /// <summary>Run until no event is left. The clock stays at the last entry's time.</summary>
    public void Run() => RunLoop(long.MaxValue);

    /// <summary>
    /// Run every entry due strictly before <paramref name="until"/> (ns), then set the clock to
    /// <paramref name="until"/>, as SimSharp and SimPy do: an entry due exactly at
    /// <paramref name="until"/> stays pending and runs first on the next call. Consecutive calls
    /// Run(t1), Run(t2) therefore run the same entries in the same order as one Run(t2). Use
    /// <see cref="RunThrough"/> to include the entries due at <paramref name="until"/>.
    /// If <see cref="Stop"/> ends the run early the clock stays at the entry that stopped it.
    /// </summary>
    public void Run(long until)
    {
        CheckUntil(until);
        // Integer nanoseconds: "before until" is "at or before until - 1", so both variants share
        // one loop and the hot path has no extra comparison.
        RunLoop(until - 1);
        if (!_stopRequested && until != long.MaxValue)
        {
            Now = until;
        }
    }

    /// <summary>
    /// Run every entry due at or before <paramref name="until"/> (ns), inclusive, then set the
    /// clock to <paramref name="until"/>. ClusterSim's behaviour before it adopted SimSharp's
    /// exclusive <see cref="Run(long)"/>; kept for callers whose results depend on it.
    /// </summary>
    public void RunThrough(long until)
    {
        CheckUntil(until);
        RunLoop(until);
        if (!_stopRequested && until != long.MaxValue)
        {
            Now = until;
        }
    }

    /// <summary>Run for <paramref name="seconds"/> more, with <see cref="Run(long)"/>'s exclusive end.</summary>
    public void RunSeconds(double seconds) => Run(Now + SimTime.FromSeconds(seconds));

    /// <summary>
    /// Run until <paramref name="stop"/> has been processed and return its value (a process's
    /// value is what it passed to <see cref="Core.Process.Succeed"/>). Throws
    /// <see cref="InvalidOperationException"/> when the queue empties first (the event can no
    /// longer fire) or when <see cref="Stop"/> ended the run before it, and
    /// <see cref="EventFailedException"/> when the event failed.
    /// </summary>
    public object? Run(Event stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        if (!ReferenceEquals(stop.Simulation, this))
        {
            throw new ArgumentException("The stop event belongs to another simulation.", nameof(stop));
        }

        if (!stop.IsProcessed)
        {
            var stopped = false;
            Action<Event> onStop = _ =>
            {
                stopped = true;
                _stopRequested = true;
            };
            stop.AddCallback(onStop);
            try
            {
                RunLoop(long.MaxValue);
            }
            finally
            {
                if (!stopped && !stop.IsProcessed)
                {
                    // Left attached, the callback would stop some later, unrelated run.
                    stop.RemoveCallback(onStop);
                }
            }

            if (!stop.IsProcessed)
            {
                throw new InvalidOperationException(PendingEvents == 0
                    ? $"Run(Event): no entry was left at t = {Now} ns but the stop event had not fired; it never will."
                    : $"Run(Event): Stop() ended the run at t = {Now} ns before the stop event fired.");
            }
        }

        if (!stop.IsOk)
        {
            throw new EventFailedException(stop.Value);
        }

        return stop.Value;
    }

    /// <summary>Ask the running loop to return after the current entry.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>
    /// Pseudo-real time: from now on each entry waits until the wall clock has caught up with it,
    /// <paramref name="scale"/> simulated seconds per wall second (1: real time; 60: a minute a
    /// second). A model slower than that simply lags. For live demonstrations; results are the
    /// same as in virtual time. <paramref name="clock"/> replaces the wall clock (tests).
    /// </summary>
    public void SetRealtime(double scale = 1.0, IWallClock? clock = null)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the real-time scale must be a positive, finite number of simulated seconds per wall second");
        }

        _pacer = new RealtimePacer(clock ?? new StopwatchWallClock(), scale);
    }

    /// <summary>Back to virtual time: entries run as fast as the machine allows.</summary>
    public void SetVirtualTime() => _pacer = null;

    /// <summary>True while <see cref="SetRealtime"/> paces the run.</summary>
    public bool IsRealtime => _pacer is not null;

    /// <summary>Process exactly one entry. Returns false when nothing is pending.</summary>
    public bool Step()
    {
        if (_queue.Count == 0)
        {
            return false;
        }

        try
        {
            if (_heap is not null && _pacer is null)
            {
                var entry = _heap.Top;
                _topPending = true;
                StepCore(entry);
                if (_topPending)
                {
                    _topPending = false;
                    _heap.RemoveTop();
                }
            }
            else
            {
                RunTop(_queue.Peek()); // one step is not paced: pacing is a property of a run
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

    // ---- distributions ---------------------------------------------------------------------
    // SimSharp's Rand* helpers. Each draws from `stream` when given, else from the "default"
    // stream of Random (seeded from Seed like every other stream), so results are deterministic.

    /// <summary>The stream the Rand* helpers use when none is given: <c>Random["default"]</c>.</summary>
    public SimRandom DefaultRandom => _defaultRandom ??= Random["default"];

    /// <summary>Uniform on [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double RandUniform(double low, double high, SimRandom? stream = null) => (stream ?? DefaultRandom).NextUniform(low, high);

    /// <summary>Exponential with the given mean (SimSharp's convention: a mean, not a rate).</summary>
    public double RandExponential(double mean, SimRandom? stream = null)
    {
        if (!(mean > 0) || double.IsInfinity(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "the mean must be positive and finite");
        }

        return (stream ?? DefaultRandom).NextExponential(1.0 / mean);
    }

    public double RandNormal(double mean, double stdDev, SimRandom? stream = null) => (stream ?? DefaultRandom).NextNormal(mean, stdDev);

    /// <summary>Normal, redrawn until positive (SimSharp's NormalPositive), for durations.</summary>
    public double RandNormalPositive(double mean, double stdDev, SimRandom? stream = null) => (stream ?? DefaultRandom).NextNormalPositive(mean, stdDev);

    /// <summary>Log-normal: exp of a normal with parameters <paramref name="mu"/> and <paramref name="sigma"/>.</summary>
    public double RandLogNormal(double mu, double sigma, SimRandom? stream = null) => (stream ?? DefaultRandom).NextLogNormal(mu, sigma);

    /// <summary>Log-normal given its own mean and standard deviation (SimSharp's RandLogNormal2).</summary>
    public double RandLogNormal2(double mean, double stdDev, SimRandom? stream = null) => (stream ?? DefaultRandom).NextLogNormalFromMoments(mean, stdDev);

    public double RandTriangular(double low, double high, double mode, SimRandom? stream = null) => (stream ?? DefaultRandom).NextTriangular(low, high, mode);

    /// <summary>Gamma with <paramref name="shape"/> k and <paramref name="scale"/> theta (mean k theta).</summary>
    public double RandGamma(double shape, double scale, SimRandom? stream = null) => (stream ?? DefaultRandom).NextGamma(shape, scale);

    public double RandWeibull(double shape, double scale, SimRandom? stream = null) => (stream ?? DefaultRandom).NextWeibull(shape, scale);

    /// <summary>A timeout of an exponential number of seconds with the given mean.</summary>
    public Timeout TimeoutExponentialSeconds(double meanSeconds, SimRandom? stream = null) => TimeoutSeconds(RandExponential(meanSeconds, stream));

    public Timeout TimeoutUniformSeconds(double low, double high, SimRandom? stream = null) => TimeoutSeconds(RandUniform(low, high, stream));

    public Timeout TimeoutNormalPositiveSeconds(double mean, double stdDev, SimRandom? stream = null) => TimeoutSeconds(RandNormalPositive(mean, stdDev, stream));

    public Timeout TimeoutTriangularSeconds(double low, double high, double mode, SimRandom? stream = null) => TimeoutSeconds(RandTriangular(low, high, mode, stream));

    public Timeout TimeoutLogNormal2Seconds(double mean, double stdDev, SimRandom? stream = null) => TimeoutSeconds(RandLogNormal2(mean, stdDev, stream));

    private void CheckUntil(long until)
    {
        if (until < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(until), until, $"cannot run to a time in the past (now is {Now} ns)");
        }
    }

    /// <summary>Run entries due at or before <paramref name="last"/> until none is left or Stop.</summary>
    private void RunLoop(long last)
    {
        _stopRequested = false;
        if (_heap is not null && _pacer is null)
        {
            RunHeap(_heap, last);
            return;
        }

        var queue = _queue;
        var pacer = _pacer;
        pacer?.Restart(Now);
        try
        {
            while (queue.Count > 0 && !_stopRequested && queue.Peek().Time <= last)
            {
                pacer?.WaitFor(queue.Peek().Time);
                RunTop(queue.Peek());
            }
        }
        catch
        {
            DropFailedTop();
            throw;
        }
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
                var entry = heap.Top;
                if (entry.Time > until)
                {
                    break;
                }

                _topPending = true;
                StepCore(entry);
                if (_topPending)
                {
                    _topPending = false;
                    heap.RemoveTop();
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

        var sequence = _sequence++;
        if (sequence > MaxSequence)
        {
            ThrowSequenceExhausted();
        }

        var order = ((long)(priority + PriorityBias) << SequenceBits) | sequence;
        var entry = new ScheduledEntry(time, order, target, opcode, arg);
        if (_topPending)
        {
            _topPending = false;
            if (_heap is not null)
            {
                _heap.ReplaceTopUnchecked(entry);
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

    /// <summary>Test hook: the next insertion sequence number, so the guard can be reached without 2^41 entries.</summary>
    internal long NextSequence
    {
        get => _sequence;
        set => _sequence = value;
    }

    private static void ThrowSequenceExhausted()
        => throw new InvalidOperationException(
            $"The event queue has issued its 2^{SequenceBits} insertion sequence numbers; a further entry would break first-in first-out order among equal times. Split the run into several simulations.");

    private static void ThrowNegativeOpcode(int opcode)
        => throw new ArgumentOutOfRangeException(nameof(opcode), opcode, "negative opcodes are reserved for the engine");

    private static void ThrowPriority(int priority)
        => throw new ArgumentOutOfRangeException(nameof(priority), priority, $"priority must lie in [-{PriorityBias}, {PriorityBias})");
}
