using ClusterSim.Analysis.Metrics;
using ClusterSim.Analysis.Planning;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Accuracy;

/// <summary>
/// Reads each figure a scenario's <c>measured:</c> section may give (<see cref="MeasuredFigures.All"/>) out of one run, the
/// way summary.json and the capacity report compute it: latencies from the workload's histograms, rates over the measured
/// window, where the replicas operate from <see cref="OperatingPoint"/>, IT power from the facility. The capacity figure is
/// not a run's: <see cref="AccuracyCheck"/> searches for it.
/// </summary>
public static class SimulatedFigures
{
    /// <summary>What a figure reads when the run has nothing to give it (no request of the workload completed, no facility).</summary>
    public const string NoData = "the run has no data for it";

    /// <summary>What stands in for the running set when no replica's series covers the measured window (a run too short to sample).</summary>
    public const string RunningFromLittle = "no running-set series covers the measured window: Little's law (requests in system) stands in";

    /// <summary>The figure <paramref name="name"/> of workload <paramref name="workload"/> in <paramref name="result"/>; NaN where the run has no data.</summary>
    public static double Of(string name, ServingResult result, string workload) => Read(name, result, workload).Value;

    /// <summary>
    /// The figure and, where the run has no data for it or something else stands in for it, a note saying so
    /// (<see cref="NoData"/>, <see cref="RunningFromLittle"/>): never a silent fallback.
    /// </summary>
    public static (double Value, string? Note) Read(string name, ServingResult result, string workload)
    {
        var value = Value(name, result, workload);
        if (double.IsNaN(value))
        {
            return (value, NoData);
        }

        return name == "running_sequences_per_replica" && !OperatingPoint.Measure(result, workload).RunningFromSeries ? (value, RunningFromLittle) : (value, null);
    }

    private static double Value(string name, ServingResult result, string workload)
    {
        ArgumentNullException.ThrowIfNull(result);
        var cls = result.Classes.FirstOrDefault(c => c.Name == workload);
        var other = cls is null ? result.Kinds.SelectMany(k => k.Classes).FirstOrDefault(c => c.Name == workload) : null;
        if (cls is null && other is null)
        {
            throw new ArgumentException($"the run has no workload class '{workload}'", nameof(workload));
        }

        if (name == MeasuredFigures.ItPower.Name)
        {
            return result.Facility?.Energy.MeanItKw ?? double.NaN;
        }

        if (cls is null)
        {
            return name == MeasuredFigures.Capacity
                ? throw new ArgumentException("capacity_rps is found by a search over runs, not read from one (AccuracyCheck)", nameof(name))
                : KindFigure(name, other!);
        }

        var window = result.MeasuredSeconds;
        switch (name)
        {
            case "throughput_rps":
                return cls.ThroughputRps(window);
            case "output_tokens_per_s":
                return cls.OutputTokensPerSecond(window);
            case "goodput_rps":
                return cls.Measured == 0 ? double.NaN : cls.GoodputRps(window);
            case "running_sequences_per_replica":
            case "requests_in_system_per_replica":
                return OperatingPoint.Measure(result, workload).Values[Index(name)];
            case "mean_step":
                return OperatingPoint.Measure(result, workload).Values[Index("mean_step_s")];
            case "preemptions":
                return cls.Preemptions;
            case MeasuredFigures.Capacity:
                throw new ArgumentException("capacity_rps is found by a search over runs, not read from one (AccuracyCheck)", nameof(name));
        }

        var split = name.LastIndexOf('_');
        var histogram = split > 0 ? Histogram(name[..split], cls) : null;
        var stat = split > 0 ? LatencyStat.All.FirstOrDefault(s => s.Key == name[(split + 1)..]) : null;
        if (histogram is null || stat is null)
        {
            throw new ArgumentException($"unknown measured figure '{name}'", nameof(name));
        }

        return histogram.Count == 0 ? double.NaN : stat.Read(histogram.ToSummary());
    }

    /// <summary>
    /// A figure of another kind's class, as its summary.json section writes it: <c>K_p50</c> from the latency <c>K_s</c>, a
    /// number from its own key (or <c>K_s</c> for a duration <c>K</c>). NaN where the metric has no data (written as null).
    /// </summary>
    private static double KindFigure(string name, KindClassResult cls)
    {
        var split = name.LastIndexOf('_');
        var stat = split > 0 ? LatencyStat.All.FirstOrDefault(s => s.Key == name[(split + 1)..]) : null;
        if (stat is not null && cls.Metrics.FirstOrDefault(m => m.Key == name[..split] + "_s" && m.Type == KindMetricType.Latency) is { } latency)
        {
            return latency.Latency is { } summary ? stat.Read(summary) : double.NaN;
        }

        var number = cls.Metrics.FirstOrDefault(m => m.Type is KindMetricType.Number or KindMetricType.Optional && (m.Key == name || m.Key == name + "_s"))
            ?? throw new ArgumentException($"class '{cls.Name}' writes no figure '{name}'", nameof(name));
        return number.Number is { } v && double.IsFinite(v) ? v : double.NaN;
    }

    private static int Index(string name)
    {
        var index = OperatingPoint.Names.ToList().IndexOf(name);
        return index >= 0 ? index : throw new InvalidOperationException($"the operating point has no figure '{name}'");
    }

    private static LatencyHistogram? Histogram(string family, ClassMetrics cls) => family switch
    {
        "ttft" => cls.Ttft,
        "tbt" => cls.Tbt,
        "tpot" => cls.Tpot,
        "e2e" => cls.E2e,
        "queue" => cls.Queue,
        _ => null,
    };
}
