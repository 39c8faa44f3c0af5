using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Image;

/// <summary>
/// The image side of a cluster: classes feed requests to the replicas of their pools (the one with the fewest
/// requests waiting or running), replicas run them, and each class's metrics are kept against its own deadline.
/// </summary>
public sealed class ImageService : IKindService
{
    private readonly List<ImageReplica> _replicas = [];
    private readonly ImageClassMetrics[] _classes;
    private readonly List<ImageReplica>[] _byClass;
    private readonly Simulation _simulation;
    private long _nextId;
    private int _activePumps;

    public ImageService(Simulation simulation, IReadOnlyList<ImageClassSetup> classes, IReadOnlyList<ImagePoolSetup> pools, long warmupNs, int firstIndex = 0)
    {
        _simulation = simulation;
        _classes = classes.Select(c => new ImageClassMetrics(c.Name, c.DeadlineSeconds, c.Percentile, warmupNs)).ToArray();
        var schedule = classes.Select(c => new ClassSchedule(c.Priority,
            c.DeadlineSeconds is { } d ? SimTime.FromSeconds(d) : ClassSchedule.NoDeadline, c.Weight)).ToArray();
        foreach (var pool in pools)
        {
            for (var i = 0; i < pool.Replicas; i++)
            {
                _replicas.Add(new ImageReplica(simulation, firstIndex + _replicas.Count, pool, schedule, OnCompleted));
            }
        }

        _byClass = classes.Select(c =>
        {
            var list = c.Pools is null ? _replicas : _replicas.Where(r => c.Pools.Contains(r.Pool.Name)).ToList();
            return list.Count > 0 ? list : throw new ArgumentException($"image class '{c.Name}' has no replica to run on (pools: {string.Join(", ", c.Pools ?? [])})");
        }).ToArray();

        for (var c = 0; c < classes.Count; c++)
        {
            var classIndex = c;
            var source = classes[c].Source(simulation);
            var pump = new ArrivalPump<ImageRequestSpec>(simulation, source.TryNext, x => x.ArrivalNs,
                x => OnArrival(classIndex, in x), () => _activePumps--);
            if (pump.ScheduleNext())
            {
                _activePumps++;
            }
        }
    }

    public IReadOnlyList<ImageReplica> Replicas => _replicas;

    public IReadOnlyList<ImageClassMetrics> Classes => _classes;

    IReadOnlyList<IServingReplica> IKindService.Replicas => _replicas;

    public bool HasWork => _activePumps > 0 || _classes.Any(c => c.InFlight > 0);

    private void OnCompleted(ImageReplica replica, ImageRequest request)
        => _classes[request.ClassIndex].OnCompleted(request, replica.Pool.RentUsdPerAcceleratorHour);

    private void OnArrival(int classIndex, in ImageRequestSpec spec)
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

        var request = new ImageRequest(_nextId++, classIndex, _simulation.Now, spec.Shape, spec.Images);
        _classes[classIndex].OnArrived();
        if (!target.Enqueue(request))
        {
            _classes[classIndex].OnRejected();
        }
    }

    /// <summary>Per class: counts, latency and queueing against its deadline, images per hour, accelerator-seconds and rent per image.</summary>
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
            KindMetric.Of("latency_s", c.Latency.ToSummary()),
            KindMetric.Of("queue_s", c.Queue.ToSummary()),
            KindMetric.Of("images", c.Images),
            KindMetric.Of("images_per_hour", c.Images / spanSeconds * 3600, "1/h"),
            KindMetric.Of("accelerator_seconds", c.AcceleratorSeconds, "s"),
            KindMetric.Of("accelerator_seconds_per_image", c.AcceleratorSecondsPerImage, "s"),
            KindMetric.Of("cost_usd_per_image", c.CostUsdPerImage, "USD"),
        ])).ToList();
        var inv = CultureInfo.InvariantCulture;
        var rows = _classes.Select(c =>
        {
            var t = c.Latency.ToSummary();
            return (c.Name, (IReadOnlyList<string>)
            [
                c.Arrived.ToString(inv), c.Completed.ToString(inv), c.Rejected.ToString(inv), t.P50.ToString("F2", inv), t.P95.ToString("F2", inv),
                c.Queue.ToSummary().P95.ToString("F2", inv), (100 * c.SloAttainment).ToString("F1", inv),
                c.AcceleratorSecondsPerImage.ToString("F2", inv), c.CostUsdPerImage.ToString("F4", inv),
            ]);
        }).ToList();
        var table = new KindTable("image class",
            [("arrived", 8), ("done", 8), ("reject", 6), ("p50 s", 8), ("p95 s", 8), ("queue p95 s", 11), ("deadline %", 10), ("acc-s/image", 11), ("$/image", 9)],
            rows);
        return new KindResult(ImageKindSetup.KindName, classes, table, _classes);
    }
}
