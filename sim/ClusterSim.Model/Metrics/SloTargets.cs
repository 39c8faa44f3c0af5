namespace ClusterSim.Model.Metrics;

/// <summary>
/// A class's service-level objectives, each optional, in seconds. A request meets them when its
/// TTFT, its TPOT (mean time between its tokens) and its end-to-end latency are all within target.
/// </summary>
public sealed record SloTargets(double? TtftSeconds = null, double? TpotSeconds = null, double? E2eSeconds = null)
{
    /// <summary>Share of requests (in percent) the targets are promised for: the class meets its SLO when at least this share does.</summary>
    public double Percentile { get; init; } = 99;

    public static SloTargets None { get; } = new();
}
