using ClusterSim.Analysis.Metrics;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;

namespace ClusterSim.Analysis.Planning;

/// <summary>
/// Where a run's text replicas operate: how many sequences a replica runs at once, how long a step
/// takes, how busy the accelerators are. The figures a capacity answer reports beside the rate, and
/// the ones to hold against a measured system (Little's law on its rate and time in system).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>running_sequences_per_replica</c>: the time-weighted mean of each text replica's running
/// set (sequences admitted and not finished, whether the iteration under way includes them or, paused
/// by a prefill-only iteration, not; 0 while idle) over the measured window, warm-up end to
/// the end of arrivals, read from the replica's downsampled series (a bucket that straddles an end
/// of the window counts for the share inside it), then averaged over the text replicas. Only when no
/// series covers the window does it fall back on Little's law
/// (<c>requests_in_system_per_replica</c>); <see cref="Measurement.RunningFromSeries"/> says which.</item>
/// <item><c>requests_in_system_per_replica</c>: Little's law over the completed text requests,
/// throughput (window) x mean end-to-end latency / text replicas: running and queued together,
/// the figure a measurement gives as rate x time in system.</item>
/// <item><c>mean_step_s</c>: busy time over iterations (decode steps of a multi-step run counted one
/// by one) of the text replicas, over the whole run.</item>
/// <item><c>accelerator_utilization</c>: <see cref="ServingResult.AcceleratorUtilization"/>, over the
/// whole run (warm-up and drain included).</item>
/// <item><c>throughput_rps</c>, <c>output_tokens_per_s</c>: of the class, over the measured window.</item>
/// </list>
/// </remarks>
public static class OperatingPoint
{
    /// <summary>Every figure's name, in the order <see cref="Measurement.Values"/> holds them.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        MetricRegistry.Throughput.Name, MetricRegistry.OutputTokens.Name, "running_sequences_per_replica", "requests_in_system_per_replica",
        "mean_step_s", MetricRegistry.AcceleratorUtilization.Name,
    ];

    /// <summary>One run's figures.</summary>
    /// <param name="Values">In the order of <see cref="Names"/>; NaN where the run has nothing to measure.</param>
    /// <param name="RunningFromSeries">True: running sequences from the running-set series; false: Little's law.</param>
    /// <param name="BusyShares">Where the text replicas' busy time went, each part's share over all of them (<see cref="Model.Serving.Cluster.ReplicaStats.BusyParts"/>); null when their execution models have no parts.</param>
    public sealed record Measurement(IReadOnlyList<double> Values, bool RunningFromSeries, IReadOnlyList<(string Name, double Share)>? BusyShares = null);

    /// <summary>The figures of <paramref name="result"/> for class <paramref name="className"/>.</summary>
    public static Measurement Measure(ServingResult result, string className)
    {
        ArgumentNullException.ThrowIfNull(result);
        var measured = result.MeasuredSeconds;
        var cls = result.Classes.FirstOrDefault(c => c.Name == className);
        if (cls is null)
        {
            return MeasureKind(result, className);
        }

        var text = result.TextReplicas.ToList();

        var overall = result.Overall;
        var inSystem = text.Count == 0 || overall.E2e.Count == 0
            ? double.NaN
            : overall.ThroughputRps(measured) * (overall.E2e.Mean / SimTime.Second) / text.Count;

        var windowEnd = Math.Min(result.MeasuredUntilNs, result.SimulatedNs);
        var windowStart = Math.Min(result.MeasuredFromNs, windowEnd);
        var means = text.Select(r => WindowMean(r.RunningSeries, windowStart, windowEnd)).Where(m => !double.IsNaN(m)).ToList();
        var fromSeries = means.Count > 0;
        var running = fromSeries ? means.Average() : inSystem;

        var iterations = text.Sum(r => r.Iterations);
        // Utilization is busy time over the run (ServingCluster divides BusyNs by the simulated span).
        var busySeconds = text.Sum(r => r.Utilization) * SimTime.ToSeconds(result.SimulatedNs);
        var step = iterations > 0 ? busySeconds / iterations : double.NaN;

        return new Measurement(
        [
            cls.ThroughputRps(measured), cls.OutputTokensPerSecond(measured), running, inSystem, step,
            result.AcceleratorUtilization,
        ], fromSeries, BusyShares(text));
    }

    /// <summary>
    /// A class of another kind (video, image, avatar): its rate served (<see cref="Model.Serving.Kinds.KindClassResult.ServedPerSecond"/>),
    /// the mean step of its kind's replicas (busy time over steps, whole run) and the utilization; the text figures NaN.
    /// </summary>
    private static Measurement MeasureKind(ServingResult result, string className)
    {
        var kind = result.Kinds.First(k => k.Classes.Any(c => c.Name == className));
        var served = kind.Classes.First(c => c.Name == className).ServedPerSecond;
        var replicas = result.Replicas.Where(r => r.Role == kind.Kind).ToList();
        var steps = replicas.Sum(r => r.Iterations);
        var busySeconds = replicas.Sum(r => r.Utilization) * SimTime.ToSeconds(result.SimulatedNs);
        return new Measurement(
        [
            served, double.NaN, double.NaN, double.NaN, steps > 0 ? busySeconds / steps : double.NaN, result.AcceleratorUtilization,
        ], RunningFromSeries: false);
    }

    /// <summary>The text replicas' busy parts summed (<see cref="Summaries.BusyTime"/>), as shares of their busy time; null when none has parts or none was busy.</summary>
    private static List<(string Name, double Share)>? BusyShares(List<ReplicaStats> text)
        => Summaries.BusyTime.Of(text) is { ReplicaSeconds: > 0 } busy ? [.. busy.Parts.Select(p => (p.Name, busy.Share(p.Seconds)))] : null;

    /// <summary>Time-weighted mean of a bucketed series over [start, end); NaN when it covers none of it.</summary>
    internal static double WindowMean(IReadOnlyList<SeriesBucket> buckets, long startNs, long endNs)
    {
        double integral = 0, covered = 0;
        foreach (var b in buckets)
        {
            var overlap = Math.Min(b.EndNs, endNs) - Math.Max(b.StartNs, startNs);
            if (overlap > 0)
            {
                integral += b.Mean * overlap;
                covered += overlap;
            }
        }

        return covered > 0 ? integral / covered : double.NaN;
    }
}
