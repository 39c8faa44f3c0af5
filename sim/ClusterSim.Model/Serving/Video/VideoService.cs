using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// The video side of a cluster: classes feed video requests to the replicas of their pools (the
/// one with the fewest requests waiting or running), replicas run them, and each class's metrics
/// are kept against its own deadline.
/// </summary>
public sealed class VideoService : IKindService
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
                _replicas.Add(new VideoReplica(simulation, firstIndex + _replicas.Count, pool, schedule, OnCompleted));
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

    IReadOnlyList<IServingReplica> IKindService.Replicas => _replicas;

    /// <summary>Called with each request when it completes (request logs).</summary>
    public Action<VideoRequest, string>? Completed { get; set; }

    public bool HasWork => _activePumps > 0 || _classes.Any(c => c.InFlight > 0);

    private void OnCompleted(VideoReplica replica, VideoRequest request)
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

    /// <summary>
    /// Per class: counts, time to video and queueing against its own deadline, videos per hour over the
    /// span from warm-up to the end (drain included), and accelerator-seconds and rent per second of
    /// video on the class's own pools.
    /// </summary>
    public KindResult Result(long endNs, long measuredFromNs)
    {
        var spanSeconds = Math.Max(1e-9, SimTime.ToSeconds(endNs - Math.Min(measuredFromNs, endNs)));
        var classes = _classes.Select(c => new KindClassResult(c.Name, c.SloAttainment, c.MeetsSlo, c.Completed, c.CostUsd,
        [
            KindMetric.Of("arrived", c.Arrived),
            KindMetric.Of("completed", c.Completed),
            KindMetric.Of("rejected", c.Rejected),
            KindMetric.Of("in_flight", c.InFlight),
            KindMetric.Of("measured", c.Measured),
            KindMetric.Of("slo", KindMetric.Maybe("deadline_s", c.DeadlineSeconds, "s"), KindMetric.Of("percentile", c.Percentile, "%")),
            KindMetric.Of("slo_attainment", c.SloAttainment),
            KindMetric.Of("meets_slo", c.MeetsSlo),
            KindMetric.Of("time_to_video_s", c.TimeToVideo.ToSummary()),
            KindMetric.Of("queue_s", c.Queue.ToSummary()),
            KindMetric.Of("videos_per_hour", c.Measured / spanSeconds * 3600, "1/h"),
            KindMetric.Of("video_seconds", c.VideoSeconds, "s"),
            KindMetric.Of("accelerator_seconds", c.AcceleratorSeconds, "s"),
            KindMetric.Of("accelerator_seconds_per_video_second", c.AcceleratorSecondsPerVideoSecond),
            KindMetric.Of("cost_usd_per_video_second", c.CostUsdPerVideoSecond, "USD/s"),
            KindMetric.Of("preemptions", c.Preemptions),
        ])).ToList();
        var inv = CultureInfo.InvariantCulture;
        var rows = _classes.Select(c =>
        {
            var t = c.TimeToVideo.ToSummary();
            return (c.Name, (IReadOnlyList<string>)
            [
                c.Arrived.ToString(inv), c.Completed.ToString(inv), c.Rejected.ToString(inv), t.P50.ToString("F1", inv), t.P95.ToString("F1", inv),
                c.Queue.ToSummary().P95.ToString("F1", inv), (100 * c.SloAttainment).ToString("F1", inv),
                c.AcceleratorSecondsPerVideoSecond.ToString("F1", inv), c.CostUsdPerVideoSecond.ToString("F3", inv),
            ]);
        }).ToList();
        var table = new KindTable("video class",
            [("arrived", 8), ("done", 8), ("reject", 6), ("video p50 s", 11), ("p95 s", 8), ("queue p95 s", 11), ("deadline %", 10), ("acc-s/video-s", 13), ("$/video-s", 9)],
            rows);
        return new KindResult(VideoKindSetup.KindName, classes, table, _classes);
    }
}
