using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>What a serving run measured: per class, overall, per replica and about the engine.</summary>
public sealed record ServingResult(
    string Name,
    ulong Seed,
    long SimulatedNs,
    long MeasuredFromNs,
    IReadOnlyList<ClassMetrics> Classes,
    ClassMetrics Overall,
    IReadOnlyList<ReplicaStats> Replicas,
    long Events,
    double WallSeconds)
{
    /// <summary>Where each LLM deployment's iteration times came from: entry, fit and derivation.</summary>
    public IReadOnlyList<Performance.ExecutionProvenance> Execution { get; init; } = [];

    /// <summary>What the set-up assumed or derived (the compiler's notes).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// End of the window text rates are measured over: when arrivals stopped; for a run with no arrival end (a request
    /// count, a trace) that served everything, its last completion; long.MaxValue: the end of the run.
    /// </summary>
    public long MeasuredUntilNs { get; init; } = long.MaxValue;

    /// <summary>
    /// Seconds text rates are measured over: from the end of warm-up to when arrivals stopped (or, when the run
    /// stopped on a request count or a trace's end, to its last completion), so the drain is not counted as idle time.
    /// </summary>
    public double MeasuredSeconds
    {
        get
        {
            var end = Math.Min(MeasuredUntilNs, SimulatedNs);
            return Math.Max(1e-9, SimTime.ToSeconds(end - Math.Min(MeasuredFromNs, end)));
        }
    }

    /// <summary>Busy share of the accelerators, each replica weighted by its accelerators; NaN when there are none.</summary>
    public double AcceleratorUtilization
    {
        get
        {
            var accelerators = Replicas.Sum(r => r.Accelerators);
            return accelerators == 0 ? double.NaN : Replicas.Sum(r => r.Utilization * r.Accelerators) / accelerators;
        }
    }

    /// <summary>The text replicas (both, prefill or decode roles): those with a batch of sequences and a KV cache.</summary>
    public IEnumerable<ReplicaStats> TextReplicas => Replicas.Where(r => r.IsText);

    /// <summary>From the end of warm-up to the end of the run, drain included: the span other kinds' rates are counted over.</summary>
    public double SpanSeconds => Math.Max(1e-9, SimTime.ToSeconds(SimulatedNs - Math.Min(MeasuredFromNs, SimulatedNs)));

    /// <summary>The other workload kinds' results (video, avatar, image, ...), in the set-up's order.</summary>
    public IReadOnlyList<KindResult> Kinds { get; init; } = [];

    /// <summary>Energy, cost, power over time and throttling, when the run had a facility.</summary>
    public FacilityResult? Facility { get; init; }

    /// <summary>What the autoscaler did, one entry per autoscaled pool, when any.</summary>
    public IReadOnlyList<PoolScaling>? Autoscaling { get; init; }
}
