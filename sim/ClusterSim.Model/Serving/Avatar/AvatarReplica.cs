using ClusterSim.Engine.Core;
using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Avatar;

/// <summary>
/// One avatar replica: an accelerator generating frames, one at a time and without preemption,
/// for the sessions stuck to it. Each session releases a frame every 1/fps seconds from its
/// arrival; frames wait in a queue under the pool's discipline (EDF orders them by release plus
/// the class's frame deadline). A frame that can no longer meet its deadline is skipped when the
/// pool says so.
/// </summary>
/// <remarks>Per frame two engine events (release, done), O(log queue), allocation-free.</remarks>
public sealed class AvatarReplica : IEventHandler, IServingReplica
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
    private long _nextJobId;
    private bool _busy;
    private AvatarJob _current;
    private long _startNs;
    private bool _held; // a power cap holds _current back

    /// <param name="classes">Two entries per avatar class: its frames (2c) and its turns (2c + 1).</param>
    internal AvatarReplica(Simulation simulation, int index, AvatarPoolSetup pool, IReadOnlyList<ClassSchedule> classes,
        SimRandom turnRng)
    {
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

    public long BusyNs { get; private set; }

    /// <summary>Busy time per avatar class (its frames and turns), in class order: how the pool's cost is split among the classes.</summary>
    public IReadOnlyList<long> BusyNsByClass => _busyNsByClass;

    /// <summary>Frames (and turns) computed.</summary>
    public long Jobs { get; private set; }

    /// <summary>Frames skipped because they could no longer meet their deadline.</summary>
    public long Skipped { get; private set; }

    /// <summary>Frames and turns waiting, over time.</summary>
    public TimeWeightedSeries QueueLength { get; }

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
            var job = _queue.PopFront();
            QueueLength.Record(now, _queue.Count);
            var s = job.Session;
            if (!job.Turn && _pool.SkipLateFrames && now + s.FrameNs - job.ReleaseNs > s.FrameDeadlineNs)
            {
                Skipped++;
                s.Metrics.OnSkipped(job.ReleaseNs);
                s.FramesFinished++;
                EndIfDone(s);
                continue;
            }

            _busy = true;
            _current = job;

            // A frame (and a turn) is compute-bound work (AvatarService times it as FLOPs at the
            // achieved FLOP/s), so its power phase is 1 and all of it stretches with the clock.
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
            Role = "avatar",
            Accelerators = Accelerators,
            Utilization = busy,
            MeanBatchSize = busy,
            MaxBatchSize = Jobs > 0 ? 1 : 0,
            MeanQueueLength = QueueLength.Mean,
            Iterations = Jobs,
            QueueSeries = QueueLength.Buckets(),
        };
    }

    private void Launch(double clock)
    {
        var s = _current.Session;
        var ns = Math.Max(1, _current.Turn ? s.TurnNs : s.FrameNs);
        _startNs = Simulation.Now;
        Jobs++;
        Simulation.Schedule(clock < 1 ? Math.Max(1, ClockScaling.Stretch(ns, 1, clock)) : ns, this, OpDone);
    }

    private void Done()
    {
        var now = Simulation.Now;
        var job = _current;
        var s = job.Session;
        _busy = false;
        _current = default;
        BusyNs += now - _startNs;
        _busyNsByClass[s.ClassIndex] += now - _startNs;
        var latency = now - job.ReleaseNs;
        if (job.Turn)
        {
            s.TurnsPending--;
            s.Metrics.OnTurn(job.ReleaseNs, latency, latency > s.TurnDeadlineNs);
        }
        else
        {
            s.Metrics.OnDelivered(job.ReleaseNs, latency, latency > s.FrameDeadlineNs);
            if (!s.FirstFrameDone)
            {
                s.FirstFrameDone = true;
                s.Metrics.OnFirstFrame(s.ArrivalNs, now);
            }

            s.FramesFinished++;
        }

        EndIfDone(s);
        TryStart();
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
    }

    private int AddSlot()
    {
        _slots.Add(null);
        return _slots.Count - 1;
    }
}
