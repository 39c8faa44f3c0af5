namespace ClusterSim.Model.Metrics;

/// <summary>
/// The latency figures that summary.json reports for one metric (TTFT, time between tokens,
/// TPOT, end-to-end, queueing), all in seconds. Property names map to the summary keys
/// <c>mean, p50, p90, p95, p99, p999</c> under a lower-case or snake-case JSON naming policy.
/// </summary>
/// <remarks>
/// Percentiles come from a <see cref="LatencyHistogram"/> and carry its stated relative error;
/// the mean is exact. An empty histogram gives <see cref="Empty"/> (all zeros); text classes in
/// summary.json do not write it but null ("no data"), by the Analysis metric registry.
/// </remarks>
public sealed record LatencySummary(double Mean, double P50, double P90, double P95, double P99, double P999)
{
    /// <summary>The summary of a metric with no observations: every figure zero.</summary>
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);
}
