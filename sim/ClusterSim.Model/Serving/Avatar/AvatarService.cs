using ClusterSim.Engine.Core;
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
public sealed class AvatarService
{
    private readonly List<AvatarReplica> _replicas = new();
    private readonly AvatarClassMetrics[] _classes;
    private readonly AvatarClassSetup[] _setups;
    private readonly List<AvatarReplica>[] _byClass;
    private long _nextId;
    private int _activePumps;

    /// <param name="firstIndex">Index of the first replica (after the cluster's other replicas).</param>
    public AvatarService(Simulation simulation, IReadOnlyList<AvatarClassSetup> classes, IReadOnlyList<AvatarPoolSetup> pools, long warmupNs, int firstIndex = 0)
    {
        Simulation = simulation;
        _setups = classes.ToArray();
        var schedule = new ClassSchedule[2 * classes.Count];
        for (var c = 0; c < classes.Count; c++)
        {
            var k = classes[c];
            if (!(k.Fps > 0) || !(k.FrameFlops > 0))
            {
                throw new ArgumentException($"avatar class '{k.Name}': fps and frame work must be positive");
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

            for (var i = 0; i < pool.Replicas; i++)
            {
                _replicas.Add(new AvatarReplica(simulation, firstIndex + _replicas.Count, pool, schedule, turnRng));
            }
        }

        _byClass = classes.Select(c =>
        {
            var list = c.Pools is null ? _replicas : _replicas.Where(r => c.Pools.Contains(r.Pool.Name)).ToList();
            return list.Count > 0 ? list : throw new ArgumentException($"avatar class '{c.Name}' has no replica to run on (pools: {string.Join(", ", c.Pools ?? [])})");
        }).ToArray();
        _classes = classes.Select((c, i) => new AvatarClassMetrics(c.Name, c.EffectiveFrameDeadlineSeconds, c.StartupSeconds, c.Percentile,
            _byClass[i].Sum(r => r.Accelerators), warmupNs)).ToArray();

        for (var c = 0; c < classes.Count; c++)
        {
            var classIndex = c;
            var source = classes[c].Source(simulation);
            var pump = new ArrivalPump<AvatarSessionSpec>(simulation, source.TryNext, x => x.ArrivalNs,
                x => OnArrival(classIndex, in x), () => _activePumps--);
            if (pump.ScheduleNext())
            {
                _activePumps++;
            }
        }
    }

    public Simulation Simulation { get; }

    public IReadOnlyList<AvatarReplica> Replicas => _replicas;

    public IReadOnlyList<AvatarClassMetrics> Classes => _classes;

    public bool HasWork => _activePumps > 0 || _classes.Any(c => c.SessionsActive > 0);

    /// <summary>Time one frame of <paramref name="setup"/> takes on a replica of <paramref name="pool"/>, in whole nanoseconds (rounded up).</summary>
    public static long FrameNs(AvatarClassSetup setup, AvatarPoolSetup pool) => (long)Math.Ceiling(setup.FrameFlops * 1e9 / pool.FlopsPerSecond);

    /// <summary>Sessions of one class a replica of <paramref name="pool"/> admits: floor(bound / (fps x frame time)).</summary>
    public static long Capacity(AvatarClassSetup setup, AvatarPoolSetup pool)
        => Limit(pool) / Math.Max(1, Demand(setup, pool, FrameNs(setup, pool)));

    private static long Demand(AvatarClassSetup c, AvatarPoolSetup pool, long frameNs)
    {
        var turns = c.Turns is { } t ? t.PerMinute / 60 * TurnNs(t, pool) : 0;
        return (long)Math.Round((c.Fps * frameNs + turns) * 1e3);
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
            var demand = Demand(setup, r.Pool, FrameNs(setup, r.Pool));
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
        if (target is null)
        {
            metrics.OnRejected();
            return;
        }

        var pool = target.Pool;
        var frameNs = FrameNs(setup, pool);
        var turns = setup.Turns;
        var session = new AvatarSession
        {
            Id = _nextId++,
            ClassIndex = classIndex,
            Metrics = metrics,
            ArrivalNs = Simulation.Now,
            FramesTotal = Math.Max(1, (long)Math.Floor(spec.LengthNs * setup.Fps / 1e9)),
            PeriodNs = 1e9 / setup.Fps,
            FrameNs = frameNs,
            FrameDeadlineNs = SimTime.FromSeconds(setup.EffectiveFrameDeadlineSeconds),
            TurnNs = turns is null ? 0 : TurnNs(turns, pool),
            TurnDeadlineNs = turns is null ? 0 : SimTime.FromSeconds(turns.DeadlineSeconds),
            TurnRatePerNs = turns is null ? 0 : turns.PerMinute / 60e9,
            Demand = Demand(setup, pool, frameNs),
        };
        metrics.OnAdmitted(Simulation.Now);
        target.Add(session);
    }
}
