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
/// <remarks>Per iteration O(batch x log queue); one engine event per iteration, so a facility's clock reaches the replica within a step.</remarks>
public abstract class StepReplica<TRequest> : IEventHandler, IServingReplica
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

    /// <summary>Requests waiting or running here.</summary>
    public int Outstanding { get; private set; }

    public int WaitingCount => _waiting.Count;

    public long Iterations { get; private set; }

    public long Preemptions { get; private set; }

    /// <summary>Nanoseconds spent running iterations.</summary>
    public long BusyNs { get; private set; }

    /// <summary>
    /// Accelerator-seconds of finished steps per class of the kind (each member's share of its steps, as
    /// <see cref="StepRequest.AcceleratorSeconds"/>), so a pool's cost can be charged to classes by busy time.
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
        request.Replica = Index;
        Outstanding++;
        QueueLength.Record(Simulation.Now, _waiting.Count);
        TryStart();
        return true;
    }

    public void OnEvent(int opcode, int arg) => FinishIteration();

    /// <summary>Start the step a power cap held back, if the hook grants it now.</summary>
    public void RetryHeld()
    {
        if (!_held || Power is null || !Power.TryBusy(this, _plan.PowerPhase, out var clock))
        {
            return;
        }

        _held = false;
        Launch(clock);
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

        if (_running.Count == 0 && _waiting.Count > 0)
        {
            Take();
        }

        while (_running.Count > 0 && _running.Count < _pool.MaxBatch && _waiting.Count > 0 && SameShape(_waiting.PeekFront(), _running[0]))
        {
            Take();
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
            Power?.OnIdle(this);
            return;
        }

        _shares.Clear();
        _plan = PlanStep(_running, _shares);
        if (Power is { } power)
        {
            if (!power.TryBusy(this, _plan.PowerPhase, out var clock))
            {
                _held = true;
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
}
