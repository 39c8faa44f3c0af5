using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Avatar;

/// <summary>
/// The avatar side of a cluster: sessions arrive, admission control places each on the least
/// loaded replica of its pools that still has capacity for it (it stays there: frames need the
/// session's state), or rejects it; replicas stream the frames; each class's metrics are kept
/// against its own frame deadline.
/// </summary>
/// <remarks>
/// Capacity is time: a session claims fps x frame time of its replica (plus its reply turns'
/// expected work), and a replica admits while the claims stay within its utilization bound. At
/// bound 1 this is "frames per second the replica can do" against "sum of admitted fps" for
/// sessions of one frame rate.
/// </remarks>
public sealed class AvatarService : IKindService, IKindRequestSource
{
    private readonly List<AvatarReplica> _replicas = new();
    private readonly List<HostCpu> _cpus = new();
    private readonly AvatarClassMetrics[] _classes;
    private readonly AvatarClassSetup[] _setups;
    private readonly List<AvatarReplica>[] _byClass;
    private long _nextId;
    private int _activePumps;
    private IKindRequestLog? _log;

    /// <param name="firstIndex">Index of the first replica (after the cluster's other replicas).</param>
    public AvatarService(Simulation simulation, IReadOnlyList<AvatarClassSetup> classes, IReadOnlyList<AvatarPoolSetup> pools, long warmupNs, int firstIndex = 0)
    {
        Simulation = simulation;
        _setups = classes.ToArray();
        var schedule = new ClassSchedule[2 * classes.Count];
        for (var c = 0; c < classes.Count; c++)
        {
            var k = classes[c];
            if (!(k.Fps > 0) || !(k.FrameFlops > 0) || !(k.CpuSecondsPerFrame >= 0))
            {
                throw new ArgumentException($"avatar class '{k.Name}': fps and frame work must be positive, CPU time per frame not negative");
            }

            schedule[2 * c] = new ClassSchedule(k.Priority, SimTime.FromSeconds(k.EffectiveFrameDeadlineSeconds), k.Weight);
            schedule[2 * c + 1] = new ClassSchedule(k.Priority,
                k.Turns is { } t ? SimTime.FromSeconds(t.DeadlineSeconds) : ClassSchedule.NoDeadline, k.Weight);
        }

        var turnRng = simulation.Random["avatar/turns"];
        foreach (var pool in pools)
        {
            if (!(pool.FlopsPerSecond > 0))
            {
                throw new ArgumentException($"avatar pool '{pool.Name}': FLOP/s must be positive");
            }

            if (pool.BatchSize < 1 || pool.ReplicasPerNode < 1 || pool.HostCores is < 1 || !(pool.BatchOverheadSeconds >= 0) || !(pool.WeightReadSeconds >= 0))
            {
                throw new ArgumentException($"avatar pool '{pool.Name}': batch size, replicas per node and host cores must be at least 1, batch overhead and weight read not negative");
            }

            // Replica i sits on node i / replicas-per-node and shares that node's cores with the others there.
            HostCpu? cpu = null;
            for (var i = 0; i < pool.Replicas; i++)
            {
                if (i % pool.ReplicasPerNode == 0)
                {
                    cpu = new HostCpu(simulation, pool.HostCores);
                    _cpus.Add(cpu);
                }

                _replicas.Add(new AvatarReplica(simulation, firstIndex + _replicas.Count, pool, schedule, turnRng, cpu!));
            }
        }

        _byClass = KindArrivals.ReplicasByClass(AvatarKindSetup.KindName, _replicas, classes.Select(c => (c.Name, c.Pools)), r => r.Pool.Name);
        _classes = classes.Select((c, i) => new AvatarClassMetrics(c.Name, c.EffectiveFrameDeadlineSeconds, c.StartupSeconds, c.Percentile,
            _byClass[i].Sum(r => r.Accelerators), warmupNs)).ToArray();

        _activePumps = KindArrivals.Start(simulation, classes.Count, c => classes[c].Source(simulation), x => x.ArrivalNs,
            (c, x) => OnArrival(c, in x), () => _activePumps--);
    }

    public Simulation Simulation { get; }

    public IReadOnlyList<AvatarReplica> Replicas => _replicas;

    public IReadOnlyList<AvatarClassMetrics> Classes => _classes;

    IReadOnlyList<IServingReplica> IKindService.Replicas => _replicas;

    public bool HasWork => _activePumps > 0 || _classes.Any(c => c.SessionsActive > 0);

    /// <summary>GPU time of one frame of <paramref name="setup"/> alone (a batch of one) on a replica of <paramref name="pool"/>, in whole nanoseconds (rounded up).</summary>
    public static long FrameNs(AvatarClassSetup setup, AvatarPoolSetup pool) => pool.BatchNs(setup.FrameFlops);

    /// <summary>Host core time of one frame's CPU stage, in whole nanoseconds (rounded up); 0 without one.</summary>
    public static long CpuNs(AvatarClassSetup setup) => (long)Math.Ceiling(setup.CpuSecondsPerFrame * 1e9);

    /// <summary>
    /// What a frame claims of its replica at full load, in nanoseconds of replica time: the larger of
    /// its share of a full GPU batch (batch time over batch size) and its CPU time over the cores the
    /// replica can count on. The pipeline's throughput is the slower stage's, so this is 1 / (frames
    /// per second of the bottleneck stage).
    /// </summary>
    public static double FrameClaimNs(AvatarClassSetup setup, AvatarPoolSetup pool)
    {
        var b = BatchCap(setup, pool);
        var gpu = (double)pool.BatchNs(b * setup.FrameFlops) / b;
        var cpu = pool.CoresPerReplica is { } cores ? CpuNs(setup) / cores : 0;
        return Math.Max(gpu, cpu);
    }

    /// <summary>
    /// The largest batch a frame of <paramref name="setup"/> may join on <paramref name="pool"/>: the
    /// most frames b (up to the pool's batch size) for which a frame released just after a batch of b
    /// started still makes its deadline after waiting for it, running in the next batch of b and
    /// passing the CPU stage: 2 T(b) + CPU time within the deadline. At least 1 (a class that misses
    /// even then is said so by the compiler). Bigger batches raise throughput and latency together;
    /// this cap is where the deadline stops them.
    /// </summary>
    public static int BatchCap(AvatarClassSetup setup, AvatarPoolSetup pool)
    {
        var deadline = SimTime.FromSeconds(setup.EffectiveFrameDeadlineSeconds);
        var cpu = CpuNs(setup);
        var b = pool.BatchSize;
        while (b > 1 && 2 * pool.BatchNs(b * setup.FrameFlops) + cpu > deadline)
        {
            b--;
        }

        return b;
    }

    /// <summary>Frames per second one replica of <paramref name="pool"/> sustains for <paramref name="setup"/>: the slower of the GPU stage at full batches and its share of the node's cores.</summary>
    public static double FramesPerSecond(AvatarClassSetup setup, AvatarPoolSetup pool) => 1e9 / FrameClaimNs(setup, pool);

    /// <summary>Sessions of one class a replica of <paramref name="pool"/> admits: floor(bound / (fps x frame claim)).</summary>
    public static long Capacity(AvatarClassSetup setup, AvatarPoolSetup pool)
        => Limit(pool) / Math.Max(1, Demand(setup, pool));

    private static long Demand(AvatarClassSetup c, AvatarPoolSetup pool)
    {
        var turns = c.Turns is { } t ? t.PerMinute / 60 * TurnNs(t, pool) : 0;
        return (long)Math.Round((c.Fps * FrameClaimNs(c, pool) + turns) * 1e3);
    }

    private static long TurnNs(AvatarTurns t, AvatarPoolSetup pool) => (long)Math.Ceiling(t.Flops * 1e9 / pool.FlopsPerSecond);

    private static long Limit(AvatarPoolSetup pool) => (long)Math.Round(pool.UtilizationBound * AvatarReplica.FullLoad);

    private void OnArrival(int classIndex, in AvatarSessionSpec spec)
    {
        var setup = _setups[classIndex];
        var metrics = _classes[classIndex];
        metrics.OnArrived();

        AvatarReplica? fit = null;
        AvatarReplica? least = null;
        foreach (var r in _byClass[classIndex])
        {
            var demand = Demand(setup, r.Pool);
            if (r.Load + demand <= Limit(r.Pool) && (fit is null || r.Load < fit.Load))
            {
                fit = r;
            }

            if (least is null || r.Load < least.Load)
            {
                least = r;
            }
        }

        var target = fit ?? (least!.Pool.Admission == AvatarAdmission.Admit ? least : null);
        // Every arrival takes a number, admitted or not, so a session's number never depends on whether a log is attached.
        var id = _nextId++;
        var framesTotal = Math.Max(1, (long)Math.Floor(spec.LengthNs * setup.Fps / 1e9));
        if (target is null)
        {
            metrics.OnRejected();
            _log?.Session(new AvatarSessionRecord(id, Rejected: true, Replica: -1, Simulation.Now, FirstFrameNs: -1, EndNs: -1,
                LengthNs(framesTotal, 1e9 / setup.Fps), framesTotal, FramesLate: 0, FramesSkipped: 0, MaxFrameLatencyNs: -1, Turns: 0, TurnsLate: 0),
                setup.Name);
            return;
        }

        var pool = target.Pool;
        var frameNs = FrameNs(setup, pool);
        var turns = setup.Turns;
        var session = new AvatarSession
        {
            Id = id,
            ClassIndex = classIndex,
            Metrics = metrics,
            ArrivalNs = Simulation.Now,
            FramesTotal = framesTotal,
            PeriodNs = 1e9 / setup.Fps,
            FrameNs = frameNs,
            FrameFlops = setup.FrameFlops,
            CpuNs = CpuNs(setup),
            BatchCap = BatchCap(setup, pool),
            FrameDeadlineNs = SimTime.FromSeconds(setup.EffectiveFrameDeadlineSeconds),
            TurnNs = turns is null ? 0 : TurnNs(turns, pool),
            TurnDeadlineNs = turns is null ? 0 : SimTime.FromSeconds(turns.DeadlineSeconds),
            TurnRatePerNs = turns is null ? 0 : turns.PerMinute / 60e9,
            Demand = Demand(setup, pool),
        };
        metrics.OnAdmitted(Simulation.Now);
        target.Add(session);
    }

    void IKindRequestSource.LogTo(IKindRequestLog log)
    {
        _log = log;
        foreach (var r in _replicas)
        {
            r.SessionEnded = (s, replica) => log.Session(Record(s, replica), _setups[s.ClassIndex].Name);
        }
    }

    private AvatarSessionRecord Record(AvatarSession s, AvatarReplica replica) => new(s.Id, Rejected: false, replica.Index, s.ArrivalNs,
        s.FirstFrameNs, Simulation.Now, LengthNs(s.FramesTotal, s.PeriodNs), s.FramesTotal, s.FramesLate, s.FramesSkipped,
        s.MaxFrameLatencyNs, s.Turns, s.TurnsLate);

    private static long LengthNs(long frames, double periodNs) => (long)Math.Round(frames * periodNs);

    /// <summary>
    /// Per class: sessions admitted and rejected, frames late and skipped against its own frame deadline,
    /// frame latency, jitter, start-up, turns and concurrent sessions (per accelerator of its pools), without cost figures.
    /// </summary>
    public KindResult Result(long endNs, long measuredFromNs) => Result(endNs, measuredFromNs, []);

    /// <summary>Hours of stream a class delivered over the whole run: frames delivered (late ones too; skipped ones not) over its frame rate.</summary>
    public double StreamHours(int classIndex) => _classes[classIndex].FramesDeliveredTotal / _setups[classIndex].Fps / 3600;

    /// <summary>Each class's stream-hours and its busy time on every avatar pool, for charging it the accelerators it ran on.</summary>
    public KindCostUsage CostUsage(long endNs)
    {
        var pools = _replicas.GroupBy(r => r.Pool.Name).Select(g => new KindPoolUsage(g.Key, g.Sum(r => r.Accelerators),
            [.. Enumerable.Range(0, _classes.Length).Select(c => g.Sum(r => r.BusyNsByClass[c] * (double)r.Accelerators) / 1e9)])).ToList();
        return new KindCostUsage([.. _classes.Select(c => c.Name)],
            [.. Enumerable.Range(0, _classes.Length).Select(c => new ServiceCounts(AvatarHours: StreamHours(c)))], pools);
    }

    /// <inheritdoc cref="IKindService.Result(long, long, IReadOnlyList{ClassCost})"/>
    /// <remarks>A class's cost is its share of the cost section (the accelerators of its pools split by busy time); without one (no facility) it has no cost figures.</remarks>
    public KindResult Result(long endNs, long measuredFromNs, IReadOnlyList<ClassCost> costs)
    {
        var classCosts = _classes.Select(c => costs.FirstOrDefault(k => k.Name == c.Name)).ToArray();
        var classes = _classes.Select((c, i) =>
        {
            var cost = classCosts[i];
            var concurrent = c.MeanConcurrentSessions(endNs);
            // Frames measured after warm-up are the base of every rate and latency: none (a run shorter than the warm-up,
            // no session admitted) is "no data" (null), not a 0 % miss rate at 0 ms.
            var none = c.Frames == 0;
            return new KindClassResult(c.Name, c.SloAttainment, c.MeetsSlo, c.Frames, cost?.TotalUsd ?? 0,
            [
                KindMetric.Of("sessions_arrived", c.SessionsArrived),
                KindMetric.Of("sessions_admitted", c.SessionsAdmitted),
                KindMetric.Of("sessions_rejected", c.SessionsRejected),
                KindMetric.Of("sessions_completed", c.SessionsCompleted),
                KindMetric.Of("sessions_active", c.SessionsActive),
                KindMetric.Of("slo",
                    KindMetric.Of("frame_deadline_s", c.FrameDeadlineSeconds, "s"), KindMetric.Maybe("startup_s", c.StartupSeconds, "s"),
                    KindMetric.Of("percentile", c.Percentile, "%")),
                KindMetric.Of("frames", c.Frames),
                KindMetric.Of("frames_late", c.FramesLate),
                KindMetric.Of("frames_skipped", c.FramesSkipped),
                KindMetric.Maybe("frame_miss_rate", none ? null : c.MissRate),
                KindMetric.Maybe("slo_attainment", none ? null : c.SloAttainment),
                KindMetric.Of("meets_slo", c.MeetsSlo),
                KindMetric.Of("frame_latency_s", KindMetric.Measured(c.FrameLatency)),
                KindMetric.Maybe("frame_jitter_s", c.FrameLatency.Count < 2 ? null : c.JitterSeconds, "s"),
                KindMetric.Of("startup_s", KindMetric.Measured(c.Startup)),
                KindMetric.Of("turns", c.TurnsDone),
                KindMetric.Of("turns_late", c.TurnsLate),
                KindMetric.Of("turn_latency_s", KindMetric.Measured(c.TurnLatency)),
                KindMetric.Of("mean_concurrent_sessions", concurrent),
                KindMetric.Of("max_concurrent_sessions", c.MaxConcurrentSessions),
                KindMetric.Of("concurrent_sessions_per_accelerator", c.Accelerators == 0 ? 0 : concurrent / c.Accelerators),
                KindMetric.Of("stream_hours", StreamHours(i), "h"),
                KindMetric.Maybe("cost_usd", cost?.TotalUsd, "USD"),
                KindMetric.Maybe("cost_usd_per_stream_hour", cost?.UsdPerAvatarHour, "USD/h"),
            ])
            {
                Arrived = c.SessionsArrived,
                Refused = c.SessionsRejected,
                Histograms = new Dictionary<string, LatencyHistogram>
                {
                    ["frame_latency_s"] = c.FrameLatency, ["startup_s"] = c.Startup, ["turn_latency_s"] = c.TurnLatency,
                },
                SloMet = c.Frames - c.FramesMissed,
            };
        }).ToList();
        var inv = CultureInfo.InvariantCulture;
        static string Ms(double? seconds) => KindMetric.Cell(seconds * 1e3, "F1", CultureInfo.InvariantCulture);
        var rows = _classes.Select((c, i) =>
        {
            var concurrent = c.MeanConcurrentSessions(endNs);
            return (c.Name, (IReadOnlyList<string>)
            [
                c.SessionsArrived.ToString(inv), c.SessionsAdmitted.ToString(inv), c.SessionsRejected.ToString(inv), c.Frames.ToString(inv),
                KindMetric.Cell(c.Frames == 0 ? null : 100 * c.MissRate, "F2", inv), Ms(KindMetric.Measured(c.FrameLatency)?.P99),
                Ms(c.FrameLatency.Count < 2 ? null : c.JitterSeconds), Ms(KindMetric.Measured(c.Startup)?.P99),
                (c.Accelerators == 0 ? 0 : concurrent / c.Accelerators).ToString("F2", inv),
                KindMetric.Cell(classCosts[i]?.UsdPerAvatarHour, "F3", inv),
            ]);
        }).ToList();
        var table = new KindTable("avatar class",
            [("sessions", 8), ("admit", 6), ("reject", 6), ("frames", 10), ("miss (%)", 8), ("frame p99 (ms)", 14), ("jitter (ms)", 11), ("startup p99 (ms)", 16), ("sess/acc", 8), ("$/stream-h", 10)],
            rows);
        return new KindResult(AvatarKindSetup.KindName, classes, table, _classes);
    }
}
