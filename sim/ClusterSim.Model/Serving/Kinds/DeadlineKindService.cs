using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Kinds;

/// <summary>
/// The side of a cluster for a kind whose requests run step by step and are judged against a completion deadline
/// (video, image): classes feed requests to the replicas of their pools (the one with the fewest requests waiting
/// or running), replicas run them, and each class's metrics are kept against its own deadline. A kind supplies
/// its replicas, requests and metrics, and the part of its result that is its own (output units, columns).
/// </summary>
/// <remarks>The abstract factories are called from this constructor: implementations use only their arguments.</remarks>
public abstract class DeadlineKindService<TClass, TPool, TReplica, TRequest, TSpec, TMetrics> : IKindService, IScaledKind, IKindRequestSource
    where TClass : DeadlineClassSetup
    where TPool : StepPoolSetup
    where TReplica : StepReplica<TRequest>
    where TRequest : StepRequest
    where TMetrics : DeadlineClassMetrics<TRequest>
{
    private static readonly ServiceCounts NothingDelivered = new();

    private readonly List<TReplica> _replicas = [];
    private readonly TMetrics[] _classes;
    private readonly List<TReplica>[] _byClass;
    private readonly ServiceCounts[] _delivered;
    private readonly IReadOnlyList<TPool> _pools;
    private long _nextId;
    private int _activePumps;

    // With autoscaled pools: per class, the replicas that serve now (the autoscaler's choice), and the autoscaler.
    private List<TReplica>[]? _routable;
    private Autoscaler<TReplica, Held>? _scaler;

    /// <param name="firstIndex">Index of the first replica (after the cluster's replicas of other kinds).</param>
    protected DeadlineKindService(Simulation simulation, IReadOnlyList<TClass> classes, IReadOnlyList<TPool> pools, long warmupNs, int firstIndex)
    {
        Simulation = simulation;
        _pools = pools;
        _classes = classes.Select(c => NewMetrics(c, warmupNs)).ToArray();
        _delivered = [.. classes.Select(_ => new ServiceCounts())];
        var schedule = classes.Select(c => new ClassSchedule(c.Priority,
            c.DeadlineSeconds is { } d ? SimTime.FromSeconds(d) : ClassSchedule.NoDeadline, c.Weight)).ToArray();
        foreach (var pool in pools)
        {
            for (var i = 0; i < pool.Replicas; i++)
            {
                _replicas.Add(NewReplica(simulation, firstIndex + _replicas.Count, pool, schedule, OnCompleted));
            }
        }

        _byClass = KindArrivals.ReplicasByClass(Kind, _replicas, classes.Select(c => (c.Name, c.Pools)), r => r.PoolSetup.Name);
        _activePumps = KindArrivals.Start(simulation, classes.Count, c => SourceOf(classes[c], simulation), SpecArrivalNs, OnArrival, () => _activePumps--);
    }

    public Simulation Simulation { get; }

    public IReadOnlyList<TReplica> Replicas => _replicas;

    public IReadOnlyList<TMetrics> Classes => _classes;

    IReadOnlyList<IServingReplica> IKindService.Replicas => _replicas;

    /// <summary>Called with each request and its class's name when it completes (request logs).</summary>
    public Action<TRequest, string>? Completed { get; set; }

    /// <summary>Called for each request turned away at arrival, with its class name (a request log's, when one is attached).</summary>
    private Action<TRequest, string>? _refused;

    public bool HasWork => _activePumps > 0 || _classes.Any(c => c.InFlight > 0);

    /// <summary>The kind's name: its summary.json section and the word in its errors.</summary>
    protected abstract string Kind { get; }

    /// <summary>The summary.json key of the arrival-to-completion latency.</summary>
    protected abstract string LatencyKey { get; }

    /// <summary>The CLI column of the median latency.</summary>
    protected abstract (string Label, int Width) P50Column { get; }

    /// <summary>How the CLI table formats latencies in seconds.</summary>
    protected abstract string SecondsFormat { get; }

    /// <summary>The kind's own columns after the deadline column, and its cells for a class.</summary>
    protected abstract IReadOnlyList<(string Label, int Width)> OwnColumns { get; }

    protected abstract TMetrics NewMetrics(TClass c, long warmupNs);

    protected abstract TReplica NewReplica(Simulation simulation, int index, TPool pool, IReadOnlyList<ClassSchedule> schedule, Action<TReplica, TRequest> completed);

    protected abstract IKindSource<TSpec> SourceOf(TClass c, Simulation simulation);

    protected abstract long SpecArrivalNs(TSpec spec);

    /// <summary>The request for <paramref name="spec"/>, about to be queued on <paramref name="target"/>.</summary>
    protected abstract TRequest NewRequest(long id, int classIndex, long nowNs, TSpec spec, TReplica target);

    /// <summary>The kind's own metrics of a class after the shared ones; <paramref name="spanSeconds"/> is the measured span.</summary>
    protected abstract IEnumerable<KindMetric> OwnMetrics(TMetrics c, double spanSeconds);

    protected abstract IEnumerable<string> OwnCells(TMetrics c, CultureInfo inv);

    /// <summary>What a completed request delivered in the cost section's units (seconds of video); none by default (an image has no unit there).</summary>
    protected virtual ServiceCounts Delivered(TRequest request) => NothingDelivered;

    /// <summary>
    /// What each class delivered over the whole run (warm-up included, as the cost covers it) and the accelerator-seconds
    /// of its work on each of the kind's pools, so the run's cost charges each class the accelerators it ran on.
    /// </summary>
    public KindCostUsage CostUsage(long endNs)
    {
        var pools = _replicas.GroupBy(r => r.PoolSetup.Name).Select(g => new KindPoolUsage(g.Key, g.Sum(r => r.Accelerators),
            [.. Enumerable.Range(0, _classes.Length).Select(c => g.Sum(r => r.AcceleratorSecondsByClass[c]))])).ToList();
        return new KindCostUsage([.. _classes.Select(c => c.Name)], _delivered, pools);
    }

    private void OnCompleted(TReplica replica, TRequest request)
    {
        var d = Delivered(request);
        if (!ReferenceEquals(d, NothingDelivered))
        {
            var c = _delivered[request.ClassIndex];
            _delivered[request.ClassIndex] = new ServiceCounts(c.OutputTokens + d.OutputTokens, c.VideoSeconds + d.VideoSeconds, c.AvatarHours + d.AvatarHours);
        }

        _classes[request.ClassIndex].OnCompleted(request, replica.PoolSetup.RentUsdPerAcceleratorHour);
        Completed?.Invoke(request, _classes[request.ClassIndex].Name);
    }

    void IKindRequestSource.LogTo(IKindRequestLog log)
    {
        Completed += (request, className) => log.Write(request, Kind, className);
        _refused += (request, className) => log.Refused(request, Kind, className);
    }

    bool IScaledKind.Scales => _pools.Any(p => p.Autoscaling is not null);

    void IScaledKind.StartScaling(ClusterPower power)
    {
        _routable = [.. _byClass.Select(l => new List<TReplica>(l))];
        var scaled = _pools.Where(p => p.Autoscaling is not null)
            .Select(p => (p.Name, p.Autoscaling!, _replicas.Where(r => r.PoolSetup.Name == p.Name).ToArray()))
            .ToList();
        _scaler = new Autoscaler<TReplica, Held>(new Front(this), power, scaled, _byClass);
        OnRoutableChanged();
    }

    IReadOnlyList<PoolScaling> IScaledKind.ScalingSummary() => _scaler?.Summary() ?? [];

    private void OnArrival(int classIndex, TSpec spec)
    {
        _classes[classIndex].OnArrived();
        if (_scaler is not null && _routable![classIndex].Count == 0)
        {
            _scaler.Hold(new Held(classIndex, spec, Simulation.Now)); // every replica it may use is asleep or starting
            return;
        }

        Deliver(classIndex, spec, Simulation.Now);
    }

    /// <summary>The request joins the serving replica of its class with the fewest requests, unless its queue is full.</summary>
    private void Deliver(int classIndex, TSpec spec, long arrivalNs)
    {
        var candidates = (_routable ?? _byClass)[classIndex];
        var target = candidates[0];
        foreach (var r in candidates)
        {
            if (r.Outstanding < target.Outstanding)
            {
                target = r;
            }
        }

        var request = NewRequest(_nextId++, classIndex, arrivalNs, spec, target);
        if (!target.Enqueue(request))
        {
            _classes[classIndex].OnRejected();
            _refused?.Invoke(request, _classes[classIndex].Name);
        }
    }

    private void OnRoutableChanged()
    {
        for (var c = 0; c < _byClass.Length; c++)
        {
            _routable![c].Clear();
            _routable[c].AddRange(_byClass[c].Where(_scaler!.Routable));
        }
    }

    /// <summary>
    /// Per class: counts, latency and queueing against its own deadline, then the kind's own figures (rates over
    /// the span from warm-up to the end, drain included; accelerator-seconds and rent per unit of output).
    /// </summary>
    public KindResult Result(long endNs, long measuredFromNs)
    {
        var spanSeconds = Math.Max(1e-9, SimTime.ToSeconds(endNs - Math.Min(measuredFromNs, endNs)));
        // A class with nothing measured (all of it in the warm-up, or nothing finished) has no latency, attainment or
        // per-unit figure: null in summary.json and "-" in the table, never a 0 that reads as a result.
        var classes = _classes.Select(c => new KindClassResult(c.Name, c.SloAttainment, c.MeetsSlo, c.Measured, c.CostUsd,
        [
            KindMetric.Of("arrived", c.Arrived),
            KindMetric.Of("completed", c.Completed),
            KindMetric.Of("rejected", c.Rejected),
            KindMetric.Of("in_flight", c.InFlight),
            KindMetric.Of("measured", c.Measured),
            KindMetric.Of("slo", KindMetric.Maybe("deadline_s", c.DeadlineSeconds, "s"), KindMetric.Of("percentile", c.Percentile, "%")),
            KindMetric.Maybe("slo_attainment", c.Measured == 0 ? null : c.SloAttainment),
            KindMetric.Of("meets_slo", c.MeetsSlo),
            KindMetric.Of(LatencyKey, KindMetric.Measured(c.Latency)),
            KindMetric.Of("queue_s", KindMetric.Measured(c.Queue)),
            .. OwnMetrics(c, spanSeconds),
        ])
        {
            Arrived = c.Arrived,
            Refused = c.Rejected,
            ServedPerSecond = c.Measured / spanSeconds,
            TimeInSystem = KindMetric.Measured(c.Latency),
            Histograms = new Dictionary<string, LatencyHistogram> { [LatencyKey] = c.Latency, ["queue_s"] = c.Queue },
            SloMet = c.DeadlineMet,
        }).ToList();
        var inv = CultureInfo.InvariantCulture;
        var rows = _classes.Select(c =>
        {
            var t = KindMetric.Measured(c.Latency);
            return (c.Name, (IReadOnlyList<string>)
            [
                c.Arrived.ToString(inv), c.Completed.ToString(inv), c.Rejected.ToString(inv), KindMetric.Cell(t?.P50, SecondsFormat, inv),
                KindMetric.Cell(t?.P95, SecondsFormat, inv), KindMetric.Cell(KindMetric.Measured(c.Queue)?.P95, SecondsFormat, inv),
                KindMetric.Cell(c.Measured == 0 ? null : 100 * c.SloAttainment, "F1", inv),
                .. OwnCells(c, inv),
            ]);
        }).ToList();
        var table = new KindTable($"{Kind} class",
            [("arrived", 8), ("done", 8), ("reject", 6), P50Column, ("p95 (s)", 8), ("queue p95 (s)", 13), ("deadline (%)", 12), .. OwnColumns],
            rows);
        return new KindResult(Kind, classes, table, _classes);
    }

    /// <summary>An arrival that found none of its class's replicas serving: it waits for a cold start.</summary>
    private readonly record struct Held(int ClassIndex, TSpec Spec, long ArrivalNs);

    /// <summary>The service's routing as its autoscaler sees it.</summary>
    private sealed class Front(DeadlineKindService<TClass, TPool, TReplica, TRequest, TSpec, TMetrics> service) : IScalingFront<Held>
    {
        public Simulation Simulation => service.Simulation;

        public bool HasWork => service.HasWork;

        public bool HasRoutable(int classIndex) => service._routable![classIndex].Count > 0;

        public void Route(Held request) => service.Deliver(request.ClassIndex, request.Spec, request.ArrivalNs);

        public void OnRoutableChanged() => service.OnRoutableChanged();

        public int ClassOf(Held request) => request.ClassIndex;
    }
}
