using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// One video-generation replica (a DiT over its sequence-parallel group). Each iteration runs one
/// denoising step for a batch of same-shaped requests; a request joining runs its text encoding
/// first and a request finishing its last step runs its VAE decoding after, within that
/// iteration. Between iterations the waiting-queue discipline decides again (preemption between
/// steps), or, without preemption, the batch runs on and same-shaped requests at the head of the
/// queue join it.
/// </summary>
/// <remarks>Per iteration O(batch x log queue); one engine event per iteration, allocation-free.</remarks>
public sealed class VideoReplica : IEventHandler, IServingReplica
{
    private readonly VideoPoolSetup _pool;
    private readonly VideoCostModel _cost;
    private readonly IVideoObserver _observer;
    private readonly WaitingQueue<VideoRequest> _waiting;
    private readonly List<VideoRequest> _running = new();
    private readonly List<VideoRequest> _previous = new();
    private readonly List<double> _shares = new();
    private bool _busy;
    private long _iterationStartNs;

    // Power hook: while _held a cap holds the planned step back; _plannedSeconds is its full-clock
    // duration and _clockShare the part of it that slows with the clock (all but the all-to-alls).
    private bool _held;
    private double _plannedSeconds;
    private double _clockShare;

    internal VideoReplica(Simulation simulation, int index, VideoPoolSetup pool, IReadOnlyList<ClassSchedule> classes, IVideoObserver observer)
    {
        Simulation = simulation;
        Index = index;
        _pool = pool;
        _cost = pool.Cost;
        _observer = observer;
        var cost = pool.Cost;
        var preempt = pool.PreemptBetweenSteps;

        // Fair sharing charges per take: one step when the discipline decides at every step, the
        // whole request when a batch runs to its end. Shortest first ranks by remaining work.
        _waiting = WaitingQueue<VideoRequest>.Create(pool.Scheduling, classes, r =>
        {
            var step = cost.Step(r.Shape).Flops;
            var remaining = (r.Steps - r.StepsDone) * step + cost.DecodeFlops(r.Shape);
            return new QueueItem(r.ClassIndex, r.ArrivalNs, r.Id, remaining, preempt ? step : remaining);
        });
        BatchSize = new TimeWeightedSeries(simulation.Now);
        QueueLength = new TimeWeightedSeries(simulation.Now);
    }

    public Simulation Simulation { get; }

    public int Index { get; }

    public VideoPoolSetup Pool => _pool;

    public int Accelerators => _cost.Accelerators;

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

    /// <summary>Seconds of iterations spent in sequence-parallel all-to-alls.</summary>
    public double AllToAllSeconds { get; private set; }

    public TimeWeightedSeries BatchSize { get; }

    public TimeWeightedSeries QueueLength { get; }

    /// <summary>Take a request, or refuse it (false) when the waiting queue is at its limit.</summary>
    public bool Enqueue(VideoRequest request)
    {
        if (_waiting.Count >= _pool.MaxQueue)
        {
            return false;
        }

        request.Replica = Index;
        _waiting.PushBack(request);
        Outstanding++;
        QueueLength.Record(Simulation.Now, _waiting.Count);
        TryStart();
        return true;
    }

    public void OnEvent(int opcode, int arg) => FinishIteration();

    private void TryStart()
    {
        if (_busy)
        {
            return;
        }

        _previous.Clear();
        if (_pool.PreemptBetweenSteps)
        {
            // Back in reverse order, so FCFS finds them in their old order at the front.
            for (var i = _running.Count - 1; i >= 0; i--)
            {
                var r = _running[i];
                r.Running = false;
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

        if (_running.Count > 0)
        {
            var shape = _running[0].Shape;
            while (_running.Count < _pool.MaxBatch && _waiting.Count > 0 && _waiting.PeekFront().Shape == shape)
            {
                Take();
            }
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

        var step = _cost.Step(_running[0].Shape, _running.Count);
        var perMember = step.Seconds / _running.Count;
        var total = 0.0;
        _shares.Clear();
        foreach (var r in _running)
        {
            var own = perMember;
            if (!r.Encoded)
            {
                own += _cost.EncodeSeconds;
            }

            if (r.StepsDone + 1 == r.Steps)
            {
                own += _cost.DecodeSeconds(r.Shape);
            }

            _shares.Add(own);
            total += own;
        }

        AllToAllSeconds += step.AllToAllSeconds;
        _busy = true;
        _plannedSeconds = total;

        // Everything but the all-to-alls is compute at the accelerator's clock (a DiT step over tens of
        // thousands of tokens, the text encoder and the VAE decoder are all compute-bound: see
        // VideoCostModel), so that part stretches under a lowered clock and the power phase is 1.
        _clockShare = total > 0 ? Math.Clamp((total - step.AllToAllSeconds) / total, 0, 1) : 1;
        if (Power is { } power)
        {
            if (!power.TryBusy(this, 1, out var clock))
            {
                _held = true;
                return;
            }

            Launch(clock);
            return;
        }

        Launch(1);
    }

    /// <summary>Start the step a power cap held back, if the hook grants it now.</summary>
    public void RetryHeld()
    {
        if (!_held || Power is null || !Power.TryBusy(this, 1, out var clock))
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
            Role = "video",
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

    private void Launch(double clock)
    {
        var total = _plannedSeconds * (clock < 1 ? ClockScaling.TimeFactor(_clockShare, clock) : 1);

        // Each member's accelerator-seconds are its share of the rounded duration, so they add up
        // to exactly the replica's busy time times its accelerators.
        var durationNs = Math.Max(1, (long)Math.Ceiling(total * 1e9));
        var held = SimTime.ToSeconds(durationNs) * Accelerators;
        var planned = _plannedSeconds;
        for (var i = 0; i < _shares.Count; i++)
        {
            _shares[i] = held * _shares[i] / planned;
        }

        _iterationStartNs = Simulation.Now;
        Iterations++;
        BatchSize.Record(Simulation.Now, _running.Count);
        Simulation.Schedule(durationNs, this);
    }

    private void Take()
    {
        var r = _waiting.PopFront();
        r.Running = true;
        r.WasRunning = false;
        _running.Add(r);
        if (r.ScheduledNs < 0)
        {
            r.ScheduledNs = Simulation.Now;
            _observer.OnScheduled(this, r);
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
            r.Running = false;
            r.CompletedNs = now;
            Outstanding--;
            _observer.OnCompleted(this, r);
        }

        BatchSize.Record(now, 0);
        TryStart();
    }
}
