using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// The video side of a cluster: classes feed video requests to the replicas of their pools (the
/// one with the fewest requests waiting or running), replicas run them, and each class's metrics
/// are kept against its own deadline.
/// </summary>
public sealed class VideoService : IVideoObserver
{
    private readonly List<VideoReplica> _replicas = new();
    private readonly VideoClassMetrics[] _classes;
    private readonly List<VideoReplica>[] _byClass;
    private long _nextId;
    private int _activePumps;

    /// <param name="firstIndex">Index of the first replica (after the cluster's text replicas).</param>
    public VideoService(Simulation simulation, IReadOnlyList<VideoClassSetup> classes, IReadOnlyList<VideoPoolSetup> pools, long warmupNs, int firstIndex = 0)
    {
        Simulation = simulation;
        _classes = classes.Select(c => new VideoClassMetrics(c.Name, c.DeadlineSeconds, c.Percentile, warmupNs)).ToArray();
        var schedule = classes.Select(c => new ClassSchedule(c.Priority,
            c.DeadlineSeconds is { } d ? SimTime.FromSeconds(d) : ClassSchedule.NoDeadline, c.Weight)).ToArray();
        foreach (var pool in pools)
        {
            for (var i = 0; i < pool.Replicas; i++)
            {
                _replicas.Add(new VideoReplica(simulation, firstIndex + _replicas.Count, pool, schedule, this));
            }
        }

        _byClass = classes.Select(c =>
        {
            var list = c.Pools is null ? _replicas : _replicas.Where(r => c.Pools.Contains(r.Pool.Name)).ToList();
            return list.Count > 0 ? list : throw new ArgumentException($"video class '{c.Name}' has no replica to run on (pools: {string.Join(", ", c.Pools ?? [])})");
        }).ToArray();

        for (var c = 0; c < classes.Count; c++)
        {
            var classIndex = c;
            var source = classes[c].Source(simulation);
            var pump = new ArrivalPump<VideoRequestSpec>(simulation, source.TryNext, x => x.ArrivalNs,
                x => OnArrival(classIndex, in x), () => _activePumps--);
            if (pump.ScheduleNext())
            {
                _activePumps++;
            }
        }
    }

    public Simulation Simulation { get; }

    public IReadOnlyList<VideoReplica> Replicas => _replicas;

    public IReadOnlyList<VideoClassMetrics> Classes => _classes;

    /// <summary>Called with each request when it completes (request logs).</summary>
    public Action<VideoRequest, string>? Completed { get; set; }

    public bool HasWork => _activePumps > 0 || _classes.Any(c => c.InFlight > 0);

    void IVideoObserver.OnScheduled(VideoReplica replica, VideoRequest request)
    {
    }

    void IVideoObserver.OnCompleted(VideoReplica replica, VideoRequest request)
    {
        _classes[request.ClassIndex].OnCompleted(request, replica.Pool.RentUsdPerAcceleratorHour);
        Completed?.Invoke(request, _classes[request.ClassIndex].Name);
    }

    private void OnArrival(int classIndex, in VideoRequestSpec spec)
    {
        var candidates = _byClass[classIndex];
        var target = candidates[0];
        foreach (var r in candidates)
        {
            if (r.Outstanding < target.Outstanding)
            {
                target = r;
            }
        }

        var shape = target.Pool.Cost.Model.Shape(spec.Width, spec.Height, spec.Frames);
        var request = new VideoRequest(_nextId++, classIndex, Simulation.Now, shape, spec.Steps, spec.Fps);
        _classes[classIndex].OnArrived();
        if (!target.Enqueue(request))
        {
            _classes[classIndex].OnRejected();
        }
    }
}
