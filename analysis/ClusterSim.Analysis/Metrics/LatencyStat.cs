using ClusterSim.Model.Metrics;

namespace ClusterSim.Analysis.Metrics;

/// <summary>One statistic of a latency family (<c>mean</c>, <c>p99</c>, ...): its key and how it is read from the summary.</summary>
/// <param name="Key">The key in summary.json and the middle of a column name (<c>ttft_p99_s</c>).</param>
/// <param name="Description">What the figure is, for the schema.</param>
/// <param name="Read">The figure, in seconds, from a non-empty histogram's summary.</param>
public sealed record LatencyStat(string Key, string Description, Func<LatencySummary, double> Read)
{
    public static LatencyStat Mean { get; } = new("mean", "exact mean", s => s.Mean);

    public static LatencyStat P50 { get; } = new("p50", "median (histogram, stated relative error)", s => s.P50);

    public static LatencyStat P90 { get; } = new("p90", "90th percentile (histogram, stated relative error)", s => s.P90);

    public static LatencyStat P95 { get; } = new("p95", "95th percentile (histogram, stated relative error)", s => s.P95);

    public static LatencyStat P99 { get; } = new("p99", "99th percentile (histogram, stated relative error)", s => s.P99);

    public static LatencyStat P999 { get; } = new("p999", "99.9th percentile (histogram, stated relative error)", s => s.P999);

    /// <summary>Every statistic, in the order summary.json writes a latency object.</summary>
    public static IReadOnlyList<LatencyStat> All { get; } = [Mean, P50, P90, P95, P99, P999];
}
