using ClusterSim.Engine.Core;
using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Avatar;

/// <summary>
/// One avatar replica: an accelerator generating frames for the sessions stuck to it, in batches of
/// up to the pool's batch size (frames of any of its sessions, taken from the queue in the pool's
/// order when the GPU frees; a reply turn runs alone), without preemption. Each session releases a
/// frame every 1/fps seconds from its arrival; frames wait in a queue under the pool's discipline
/// (EDF orders them by release plus the class's frame deadline). A frame leaving the GPU goes to its
/// node's host cores (<see cref="HostCpu"/>) for paste-back and encoding and is delivered when that
/// ends, so it is late when either stage backs up. A frame that can no longer meet its deadline is
/// skipped when the pool says so.
/// </summary>
/// <remarks>Per frame two engine events (release, and the CPU stage or its batch's end), O(log queue), allocation-free.</remarks>
public sealed class AvatarReplica : IEventHandler, IServingReplica, ITracedStepReplica
{
    private const int OpRelease = 0;
    private const int OpDone = 1;
    private const int OpTurn = 2;

    private readonly AvatarPoolSetup _pool;
    private readonly WaitingQueue<AvatarJob> _queue;
    private readonly List<AvatarSession?> _slots = new();
    private readonly Stack<int> _free = new();
    private readonly SimRandom _turnRng;
    private readonly long[] _busyNsByClass;
    private readonly HostCpu _cpu;
    private readonly List<AvatarJob> _batch = new();
    private long _nextJobId;
    private bool _busy;
    private long _batches;
    private long _batchedFrames;
    private int _maxBatch;
    private long _startNs;
    private bool _held; // a power cap holds the formed batch back

    /// <param name="classes">Two entries per avatar class: its frames (2c) and its turns (2c + 1).</param>
    internal AvatarReplica(Simulation simulation, int index, AvatarPoolSetup pool, IReadOnlyList<ClassSchedule> classes,
        SimRandom turnRng, HostCpu cpu)
    {
        _cpu = cpu;
        Simulation = simulation;
        Index = index;
        _pool = pool;
        _turnRng = turnRng;
        _busyNsByClass = new long[classes.Count / 2];
        QueueLength = new TimeWeightedSeries(simulation.Now);
        _queue = WaitingQueue<AvatarJob>.Create(pool.Scheduling, classes, j =>
        {
            var work = j.Turn ? j.Session.TurnNs : j.Session.FrameNs;
            return new QueueItem(2 * j.Session.ClassIndex + (j.Turn ? 1 : 0), j.ReleaseNs, j.Id, work, work);
        });
    }

    public Simulation Simulation { get; }

    public int Index { get; }

    public AvatarPoolSetup Pool => _pool;

    public int Accelerators => _pool.Accelerators;

    string IServingReplica.PoolName => _pool.Name;

    /// <summary>Power and clock of the accelerators (a facility); null: full clock, no energy booked.</summary>
    public IReplicaPower? Power { get; set; }

    /// <summary>One replica's whole time in the units of <see cref="Load"/>.</summary>
    public const long FullLoad = 1_000_000_000_000;

    /// <summary>Sum of the admitted sessions' demands, in 1e-12 of the replica's time.</summary>
    public long Load { get; private set; }

    /// <summary>Share of the replica's time the admitted sessions claim.</summary>
    public double Utilization => (double)Load / FullLoad;

    public int Sessions { get; private set; }

    public int QueuedFrames => _queue.Count;

    /// <summary>Told of every batch (frames, or a reply turn) when a timeline or a busy chart follows the run; null costs a null check a batch.</summary>
    public IStepTracer? Tracer { get; set; }

    /// <summary>The kind's name: its role in the stats and its steps' name in a timeline.</summary>
    private const string Kind = "avatar";

    public long BusyNs { get; private set; }

    /// <summary>Busy time per avatar class (its frames and turns), in class order: how the pool's cost is split among the classes.</summary>
    public IReadOnlyList<long> BusyNsByClass => _busyNsByClass;

    /// <summary>The host cores of its node (shared with the node's other replicas).</summary>
    internal HostCpu Cpu => _cpu;

    /// <summary>Frames (and turns) computed.</summary>
    public long Jobs { get; private set; }

    /// <summary>Frames skipped because they could no longer meet their deadline.</summary>
    public long Skipped { get; private set; }

    /// <summary>Frames and turns waiting, over time.</summary>
    public TimeWeightedSeries QueueLength { get; }

    /// <summary>Told of every session when its last frame or turn is done (a sessions log); null costs a null check a session.</summary>
    internal Action<AvatarSession, AvatarReplica>? SessionEnded { get; set; }

    internal void Add(AvatarSession session)
    {
        session.Slot = _free.Count > 0 ? _free.Pop() : AddSlot();
        _slots[session.Slot] = session;
        Load += session.Demand;
        Sessions++;
        ScheduleNextTurn(session, Simulation.Now);
        Release(session);
    }

    public void OnEvent(int opcode, int arg)
    {
        switch (opcode)
        {
            case OpRelease:
                Release(_slots[arg]!);
                break;
            case OpTurn:
                var s = _slots[arg]!;
                s.TurnsPending++;
                _queue.PushBack(new AvatarJob(s, Simulation.Now, _nextJobId++, Turn: true));
                QueueLength.Record(Simulation.Now, _queue.Count);
                ScheduleNextTurn(s, Simulation.Now);
                TryStart();
                break;
            default:
                Done();
                break;
        }
    }

    private void Release(AvatarSession s)
    {
        var now = Simulation.Now;
        s.FramesReleased++;
        s.Metrics.OnReleased();
        _queue.PushBack(new AvatarJob(s, now, _nextJobId++, Turn: false));
        QueueLength.Record(now, _queue.Count);
        if (s.FramesReleased < s.FramesTotal)
        {
            Simulation.ScheduleAt(Math.Max(now, s.ReleaseNs(s.FramesReleased)), this, OpRelease, s.Slot);
        }

        TryStart();
    }

    /// <summary>The next turn, if it comes before the session's last frame (so the session is still there when it does).</summary>
    private void ScheduleNextTurn(AvatarSession s, long fromNs)
    {
        if (s.TurnRatePerNs <= 0)
        {
            return;
        }

        var at = fromNs + (long)Math.Ceiling(_turnRng.NextExponential(s.TurnRatePerNs));
        if (at < s.LastReleaseNs)
        {
            Simulation.ScheduleAt(at, this, OpTurn, s.Slot);
        }
    }

    private void TryStart()
    {
        var now = Simulation.Now;
        while (!_busy && _queue.Count > 0)
        {
            TakeBatch(now);
            QueueLength.Record(now, _queue.Count);
            if (_batch.Count == 0)
            {
                continue;
            }

            _busy = true;

            // A batch (and a turn) is timed as compute-bound work (FLOPs at the achieved FLOP/s, unless
            // the weight read is longer), so its power phase is 1 and all of it stretches with the clock.
            if (Power is { } power)
            {
                if (!power.TryBusy(this, 1, out var clock))
                {
                    _held = true;
                    return;
                }

                Launch(clock);
            }
            else
            {
                Launch(1);
            }
        }

        if (!_busy)
        {
            Power?.OnIdle(this);
        }
    }

    /// <summary>
    /// Up to the batch size of frames from the front of the queue, skipping those that can no longer
    /// make their deadline; a turn at the front runs alone, and one behind frames waits for the next batch.
    /// </summary>
    private void TakeBatch(long now)
    {
        _batch.Clear();
        var cap = _pool.BatchSize;
        while (_queue.Count > 0 && _batch.Count < cap)
        {
            var job = _queue.PeekFront();

            // Every frame in a batch waits for all of it: a frame with a tight deadline caps the batch
            // (its class's batch cap); one that would lower the cap below the frames taken waits for the next.
            if (!job.Turn && _batch.Count >= job.Session.BatchCap)
            {
                return;
            }

            if (job.Turn)
            {
                if (_batch.Count == 0)
                {
                    _batch.Add(_queue.PopFront());
                }

                return;
            }

            _queue.PopFront();
            var s = job.Session;
            if (_pool.SkipLateFrames && now + s.FrameNs + s.CpuNs - job.ReleaseNs > s.FrameDeadlineNs)
            {
                Skipped++;
                s.FramesSkipped++;
                s.Metrics.OnSkipped(job.ReleaseNs);
                s.FramesFinished++;
                EndIfDone(s);
                continue;
            }

            _batch.Add(job);
            cap = Math.Min(cap, s.BatchCap);
        }
    }

    /// <summary>Start the frame a power cap held back, if the hook grants it now.</summary>
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
        QueueLength.AdvanceTo(endNs);
        var busy = (double)BusyNs / Math.Max(1, endNs);
        return new ReplicaStats
        {
            Index = Index,
            Pool = _pool.Name,
            Role = Kind,
            Accelerators = Accelerators,
            Utilization = busy,
            MeanBatchSize = _batches == 0 ? 0 : (double)_batchedFrames / _batches,
            MaxBatchSize = _maxBatch,
            MeanQueueLength = QueueLength.Mean,
            Iterations = _batches,
            QueueSeries = QueueLength.Buckets(),
        };
    }

    private void Launch(double clock)
    {
        long ns;
        if (_batch[0].Turn)
        {
            ns = _batch[0].Session.TurnNs;
        }
        else
        {
            var flops = 0.0;
            foreach (var job in _batch)
            {
                flops += job.Session.FrameFlops;
            }

            // A batch of one frame takes exactly its session's FrameNs (same formula), so batch 1 is the frame-at-a-time model.
            ns = _pool.BatchNs(flops);
            _batches++;
            _batchedFrames += _batch.Count;
            _maxBatch = Math.Max(_maxBatch, _batch.Count);
        }

        ns = Math.Max(1, ns);
        _startNs = Simulation.Now;
        Jobs += _batch.Count;
        Simulation.Schedule(clock < 1 ? Math.Max(1, ClockScaling.Stretch(ns, 1, clock)) : ns, this, OpDone);
    }

    private void Done()
    {
        var now = Simulation.Now;
        var busy = now - _startNs;
        _busy = false;
        BusyNs += busy;
        Tracer?.OnStep(this, Kind, _startNs, now, _batch.Count, _queue.Count);

        // The batch's time is split among its frames by their FLOPs (a bigger frame is more of the
        // batch's work), for per-class cost; the last frame takes the rounding so the parts sum to the whole.
        var total = 0.0;
        foreach (var job in _batch)
        {
            total += job.Turn ? 1 : job.Session.FrameFlops;
        }

        var left = busy;
        for (var i = 0; i < _batch.Count; i++)
        {
            var job = _batch[i];
            var part = i == _batch.Count - 1 ? left : (long)Math.Round(busy * ((job.Turn ? 1 : job.Session.FrameFlops) / total));
            part = Math.Min(part, left);
            left -= part;
            _busyNsByClass[job.Session.ClassIndex] += part;
        }

        foreach (var job in _batch)
        {
            var s = job.Session;
            if (job.Turn)
            {
                var latency = now - job.ReleaseNs;
                var turnLate = latency > s.TurnDeadlineNs;
                s.TurnsPending--;
                s.Turns++;
                s.TurnsLate += turnLate ? 1 : 0;
                s.Metrics.OnTurn(job.ReleaseNs, latency, turnLate);
                EndIfDone(s);
            }
            else if (s.CpuNs > 0)
            {
                _cpu.Submit(this, job);
            }
            else
            {
                Deliver(job);
            }
        }

        _batch.Clear();
        TryStart();
    }

    /// <summary>A frame through every stage: it counts as delivered now, late or on time.</summary>
    internal void Deliver(AvatarJob job)
    {
        var now = Simulation.Now;
        var s = job.Session;
        var latency = now - job.ReleaseNs;
        var late = latency > s.FrameDeadlineNs;
        s.FramesLate += late ? 1 : 0;
        s.MaxFrameLatencyNs = Math.Max(s.MaxFrameLatencyNs, latency);
        s.Metrics.OnDelivered(job.ReleaseNs, latency, late);
        if (!s.FirstFrameDone)
        {
            s.FirstFrameDone = true;
            s.FirstFrameNs = now;
            s.Metrics.OnFirstFrame(s.ArrivalNs, now);
        }

        s.FramesFinished++;
        EndIfDone(s);
    }

    private void EndIfDone(AvatarSession s)
    {
        if (s.FramesFinished < s.FramesTotal || s.FramesReleased < s.FramesTotal || s.TurnsPending > 0)
        {
            return;
        }

        _slots[s.Slot] = null;
        _free.Push(s.Slot);
        Load -= s.Demand;
        Sessions--;
        s.Metrics.OnSessionCompleted(Simulation.Now);
        SessionEnded?.Invoke(s, this);
    }

    private int AddSlot()
    {
        _slots.Add(null);
        return _slots.Count - 1;
    }
}
