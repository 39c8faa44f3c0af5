using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Kinds;

/// <summary>
/// A replica that runs batches of same-shaped requests one denoising step at a time (video, image). Each
/// iteration runs one step for the batch; between iterations, with preemption the waiting-queue discipline
/// decides again (the batch goes back to the front of the queue first), and without it the batch runs on and
/// same-shaped requests at the head of the queue join it up to its limit. Steps are booked with the power hook
/// of <see cref="IServingReplica"/> and stretched by the clock it grants. A kind supplies its cost of a step
/// (<see cref="PlanStep"/>), what makes requests batchable and what its batch size counts.
/// </summary>
/// <remarks>
/// <para>Per iteration O(batch x log queue); one engine event per iteration, so a facility's clock reaches the replica within a step.</para>
/// <para>A kind may also run background work outside the shared step on some of the replica's accelerators (a video
/// replica's decode stage). The replica stays the single caller of its power hook: background work asks for its
/// clock through <see cref="TryRunBackground"/> and says when it has nothing left (<see cref="BackgroundIdle"/>).
/// While a step runs, the step's activity stands for the replica and background work takes the step's clock (its
/// accelerators are among the step's; contention between the two is not modelled); with no step running, the
/// replica books the background work alone, on its share of the accelerators, or idles when there is none. A cap
/// that refuses background work holds it: <see cref="ResumeBackground"/> is called when a step launches or the hook
/// retries the replica.</para>
/// </remarks>
public abstract class StepReplica<TRequest> : IEventHandler, IScalableReplica, ITracedStepReplica
    where TRequest : StepRequest
{
    private readonly StepPoolSetup _pool;
    private readonly bool _preempt;
    private readonly Action<StepReplica<TRequest>, TRequest> _completed;
    private readonly WaitingQueue<TRequest> _waiting;
    private readonly List<TRequest> _running = [];
    private readonly List<TRequest> _previous = [];
    private readonly List<double> _shares = [];
    private readonly double[] _acceleratorSecondsByClass;
    private bool _busy;
    private long _iterationStartNs;

    // Request-level batching: the arrival of the oldest request waiting for the next batch, and the wake already
    // scheduled for the end of its wait (so one is scheduled per deadline).
    private long _oldestWaitingNs = long.MaxValue;
    private long _fillWakeNs = -1;

    // Clock the running step was granted (background work that starts during the step takes it too).
    private double _clock = 1;

    // Background work outside the shared step: whether it runs or waits for the power hook, the activity it asked
    // for (per busy accelerator, and the share of the replica's accelerators it keeps busy), and whether that
    // activity is booked with the hook while no step runs.
    private BackgroundState _background;
    private (double Compute, double Memory, double Share) _backgroundActivity;
    private bool _backgroundBooked;

    // Power hook: while _held a cap holds the planned step back; _plan holds its full-clock duration,
    // its power phase and the part of it that slows with the clock.
    private bool _held;
    private StepPlan _plan;

    /// <param name="queueItem">How the waiting-queue discipline sees a request (its work and its charge under fair sharing).</param>
    /// <param name="preemptBetweenSteps">Re-decide the batch between steps.</param>
    protected StepReplica(Simulation simulation, int index, StepPoolSetup pool, IReadOnlyList<ClassSchedule> classes,
        Func<TRequest, QueueItem> queueItem, bool preemptBetweenSteps, Action<StepReplica<TRequest>, TRequest> completed)
    {
        Simulation = simulation;
        Index = index;
        _pool = pool;
        _preempt = preemptBetweenSteps;
        _completed = completed;
        _waiting = WaitingQueue<TRequest>.Create(pool.Scheduling, classes, queueItem);
        _acceleratorSecondsByClass = new double[classes.Count];
        BatchSize = new TimeWeightedSeries(simulation.Now);
        QueueLength = new TimeWeightedSeries(simulation.Now);
    }

    public Simulation Simulation { get; }

    public int Index { get; }

    public abstract int Accelerators { get; }

    /// <summary>The pool's settings shared by every step kind (rent, limits).</summary>
    public StepPoolSetup PoolSetup => _pool;

    string IServingReplica.PoolName => _pool.Name;

    /// <summary>Power and clock of the accelerators (a facility); null: full clock, no energy booked.</summary>
    public IReplicaPower? Power { get; set; }

    /// <summary>Told of every step when it ends (timelines, charts); null: nothing recorded.</summary>
    public IStepTracer? Tracer { get; set; }

    /// <summary>Requests waiting or running here.</summary>
    public int Outstanding { get; private set; }

    public int WaitingCount => _waiting.Count;

    public long Iterations { get; private set; }

    public long Preemptions { get; private set; }

    /// <summary>Nanoseconds spent running iterations.</summary>
    public long BusyNs { get; private set; }

    /// <summary><see cref="BusyNs"/> plus the part of the step running at <paramref name="nowNs"/>.</summary>
    public long BusyNsAt(long nowNs) => BusyNs + (_busy ? Math.Max(0, nowNs - _iterationStartNs) : 0);

    /// <summary>Nothing waits, steps or runs in the background (a video replica's decode stage): it may sleep.</summary>
    public bool Drained => Outstanding == 0 && !_busy && !_held && _background == BackgroundState.None;

    /// <summary>A step kind holds no KV cache.</summary>
    double IScalableReplica.KvInUse => 0;

    /// <summary>
    /// Accelerator-seconds per class of the kind, as <see cref="StepRequest.AcceleratorSeconds"/>: each member's share
    /// of its finished steps plus the background work charged to it (<see cref="ChargeBackground"/>), so a pool's cost
    /// can be charged to classes by busy time.
    /// </summary>
    public IReadOnlyList<double> AcceleratorSecondsByClass => _acceleratorSecondsByClass;

    /// <summary>The running batch's size over time, in the units <see cref="BatchUnits"/> counts.</summary>
    public TimeWeightedSeries BatchSize { get; }

    public TimeWeightedSeries QueueLength { get; }

    /// <summary>The replica's role in its stats (the kind).</summary>
    protected abstract string Role { get; }

    /// <summary>Take a request, or refuse it (false) when the waiting queue is at its limit.</summary>
    public bool Enqueue(TRequest request)
    {
        if (_waiting.Count >= _pool.MaxQueue)
        {
            return false;
        }

        _waiting.PushBack(request);
        _oldestWaitingNs = Math.Min(_oldestWaitingNs, request.ArrivalNs);
        request.Replica = Index;
        Outstanding++;
        QueueLength.Record(Simulation.Now, _waiting.Count);
        TryStart();
        return true;
    }

    public void OnEvent(int opcode, int arg)
    {
        if (opcode == OpFill)
        {
            // The oldest waiting request's wait for a fuller batch is up (request-level batching).
            TryStart();
            return;
        }

        FinishIteration();
    }

    private const int OpFill = 1;

    /// <summary>Start the step (or background work) a power cap held back, if the hook grants it now.</summary>
    public void RetryHeld()
    {
        if (Power is null)
        {
            return;
        }

        if (_held)
        {
            if (!Power.TryBusy(this, _plan.PowerPhase, out var clock))
            {
                BackgroundAlone();
                return;
            }

            _held = false;
            Launch(clock);
            return;
        }

        if (_busy)
        {
            return;
        }

        if (_background == BackgroundState.Waiting)
        {
            ResumeBackground();
        }
        else if (_background == BackgroundState.Running && !_backgroundBooked)
        {
            BookBackground(out _);
        }
    }

    public ReplicaStats Stats(long endNs)
    {
        BatchSize.AdvanceTo(endNs);
        QueueLength.AdvanceTo(endNs);
        return new ReplicaStats
        {
            Index = Index,
            Pool = _pool.Name,
            Role = Role,
            Accelerators = Accelerators,
            Utilization = (double)BusyNs / Math.Max(1, endNs),
            MeanBatchSize = BatchSize.Mean,
            MaxBatchSize = BatchSize.Max,
            MeanQueueLength = QueueLength.Mean,
            Iterations = Iterations,
            Preemptions = Preemptions,
            BatchSeries = BatchSize.Buckets(),
            QueueSeries = QueueLength.Buckets(),
        };
    }

    /// <summary>Whether two requests can share a batch.</summary>
    protected abstract bool SameShape(TRequest a, TRequest b);

    /// <summary>
    /// Plans one step of <paramref name="batch"/> at full clock: adds each member's own seconds (its share of the
    /// step plus its own encoding or decoding) to the cleared <paramref name="shares"/>, in batch order.
    /// </summary>
    protected abstract StepPlan PlanStep(IReadOnlyList<TRequest> batch, List<double> shares);

    /// <summary>What the batch-size series counts for a batch (requests by default).</summary>
    protected virtual int BatchUnits(IReadOnlyList<TRequest> batch) => batch.Count;

    /// <summary>
    /// Background work asks to run its next piece on <paramref name="accelerators"/> of the replica's accelerators,
    /// each busy <paramref name="computeUtilization"/> and <paramref name="memoryUtilization"/> of its full-clock time:
    /// true with the clock to run it at (the running step's, else the hook's for the background work alone), false
    /// when a cap holds it (then <see cref="ResumeBackground"/> is called when it may run).
    /// </summary>
    protected bool TryRunBackground(double computeUtilization, double memoryUtilization, int accelerators, out double clock)
    {
        if (accelerators < 1 || accelerators > Accelerators)
        {
            throw new ArgumentOutOfRangeException(nameof(accelerators), accelerators, $"background work runs on 1 to {Accelerators} accelerators");
        }

        _backgroundActivity = (computeUtilization, memoryUtilization, (double)accelerators / Accelerators);
        if (_busy || Power is null)
        {
            _background = BackgroundState.Running;
            clock = _busy ? _clock : 1;
            return true;
        }

        if (BookBackground(out clock))
        {
            _background = BackgroundState.Running;
            return true;
        }

        _background = BackgroundState.Waiting;
        clock = 0;
        return false;
    }

    /// <summary>The background work has nothing left to run: the replica idles unless a step runs.</summary>
    protected void BackgroundIdle()
    {
        _background = BackgroundState.None;
        _backgroundBooked = false;
        if (!_busy)
        {
            Power?.OnIdle(this);
        }
    }

    /// <summary>Background work a cap held may ask again (<see cref="TryRunBackground"/>).</summary>
    protected virtual void ResumeBackground()
    {
    }

    /// <summary>Background accelerator-seconds spent for <paramref name="request"/>: charged to it and to its class.</summary>
    protected void ChargeBackground(TRequest request, double acceleratorSeconds)
    {
        request.AcceleratorSeconds += acceleratorSeconds;
        _acceleratorSecondsByClass[request.ClassIndex] += acceleratorSeconds;
    }

    // No step runs (none to run, or a cap holds it): book the background work alone, let waiting background work
    // ask again, or idle. A running piece keeps the clock it started with; if even its own activity is refused
    // (the hook then books the replica idle and retries it), it runs on unbooked until it ends or the retry books it.
    private void BackgroundAlone()
    {
        switch (_background)
        {
            case BackgroundState.Running:
                BookBackground(out _);
                break;
            case BackgroundState.Waiting:
                ResumeBackground();
                break;
            default:
                Power!.OnIdle(this);
                break;
        }
    }

    private bool BookBackground(out double clock)
    {
        var (compute, memory, share) = _backgroundActivity;
        _backgroundBooked = Power!.TryBusy(this, compute, memory, share, out clock);
        return _backgroundBooked;
    }

    private void TryStart()
    {
        if (_busy || _held)
        {
            return;
        }

        _previous.Clear();
        if (_preempt)
        {
            // Back in reverse order, so FCFS finds them in their old order at the front.
            for (var i = _running.Count - 1; i >= 0; i--)
            {
                var r = _running[i];
                r.WasRunning = true;
                _previous.Add(r);
                _waiting.PushFront(r);
            }

            _running.Clear();
        }

        var forming = false;
        if (_running.Count == 0 && _waiting.Count > 0 && ReadyToForm())
        {
            Take();
            forming = true;
        }

        // Continuous: same-shaped requests join between steps; request-level: only a batch being formed takes them.
        var joins = forming || !_pool.RequestLevel || _preempt;
        while (joins && _running.Count > 0 && _running.Count < _pool.MaxBatch && _waiting.Count > 0 && SameShape(_waiting.PeekFront(), _running[0]))
        {
            Take();
        }

        if (forming)
        {
            // Those left waiting start their wait for the next batch from their own arrival (the front's, exact under FCFS).
            _oldestWaitingNs = _waiting.Count > 0 ? _waiting.PeekFront().ArrivalNs : long.MaxValue;
        }

        foreach (var r in _previous)
        {
            if (r.WasRunning)
            {
                r.WasRunning = false;
                r.Preemptions++;
                Preemptions++;
            }
        }

        QueueLength.Record(Simulation.Now, _waiting.Count);
        if (_running.Count == 0)
        {
            if (Power is not null)
            {
                BackgroundAlone();
            }

            return;
        }

        _shares.Clear();
        _plan = PlanStep(_running, _shares);
        if (Power is { } power)
        {
            if (!power.TryBusy(this, _plan.PowerPhase, out var clock))
            {
                _held = true;
                BackgroundAlone();
                return;
            }

            Launch(clock);
            return;
        }

        Launch(1);
    }

    private void Launch(double clock)
    {
        _busy = true;
        _clock = clock;
        var total = _plan.Seconds * (clock < 1 ? ClockScaling.TimeFactor(_plan.ClockShare, clock) : 1);

        // Each member's accelerator-seconds are its share of the rounded duration, so they add up
        // to exactly the replica's busy time times its accelerators.
        var durationNs = Math.Max(1, (long)Math.Ceiling(total * 1e9));
        var held = SimTime.ToSeconds(durationNs) * Accelerators;
        for (var i = 0; i < _shares.Count; i++)
        {
            _shares[i] = held * _shares[i] / _plan.Seconds;
        }

        _iterationStartNs = Simulation.Now;
        Iterations++;
        BatchSize.Record(Simulation.Now, BatchUnits(_running));
        Simulation.Schedule(durationNs, this);
        if (_background == BackgroundState.Waiting)
        {
            ResumeBackground(); // it runs alongside the step, at the step's clock
        }
    }

    /// <summary>
    /// Whether a free replica forms a batch now: always under continuous batching (or when it re-decides its batch between
    /// steps); under request-level batching once <see cref="StepPoolSetup.MaxBatch"/> requests wait or the oldest has
    /// waited <see cref="StepPoolSetup.MaxWaitNs"/>, else it wakes itself when that wait is up.
    /// </summary>
    private bool ReadyToForm()
    {
        if (!_pool.RequestLevel || _preempt || _waiting.Count >= _pool.MaxBatch)
        {
            return true;
        }

        var deadline = _oldestWaitingNs + _pool.MaxWaitNs;
        if (Simulation.Now >= deadline)
        {
            return true;
        }

        if (_fillWakeNs != deadline)
        {
            _fillWakeNs = deadline;
            Simulation.ScheduleAt(deadline, this, OpFill);
        }

        return false;
    }

    private void Take()
    {
        var r = _waiting.PopFront();
        r.WasRunning = false;
        _running.Add(r);
        if (r.ScheduledNs < 0)
        {
            r.ScheduledNs = Simulation.Now;
        }
    }

    private void FinishIteration()
    {
        var now = Simulation.Now;
        _busy = false;
        BusyNs += now - _iterationStartNs;
        Tracer?.OnStep(this, Role, _iterationStartNs, now, _running.Count, _waiting.Count);
        for (var i = 0; i < _running.Count; i++)
        {
            var r = _running[i];
            r.AcceleratorSeconds += _shares[i];
            _acceleratorSecondsByClass[r.ClassIndex] += _shares[i];
            r.Encoded = true;
            r.StepsDone++;
        }

        for (var i = _running.Count - 1; i >= 0; i--)
        {
            var r = _running[i];
            if (r.StepsDone < r.Steps)
            {
                continue;
            }

            _running.RemoveAt(i);
            r.CompletedNs = now;
            Outstanding--;
            _completed(this, r);
        }

        BatchSize.Record(now, 0);
        TryStart();
    }

    private enum BackgroundState
    {
        None,
        Running,
        Waiting,
    }
}
