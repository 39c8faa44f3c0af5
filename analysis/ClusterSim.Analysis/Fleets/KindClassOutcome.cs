using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Analysis.Fleets;

/// <summary>
/// A class of a non-text kind (video, avatar, image) in one cluster of a fleet: the figures of it
/// that add up exactly across clusters, its counts (arrived, completed, frames, ...). Its latencies,
/// rates and SLO attainment are kept by each kind in its own form, which does not merge, so the
/// fleet leaves them out and says so.
/// </summary>
/// <param name="Kind">The kind (summary.json's key: video, avatar, image).</param>
/// <param name="Class">The class (workload) name.</param>
/// <param name="Counts">The class's top-level count metrics in summary.json order, by key.</param>
internal sealed record KindClassOutcome(string Kind, string Class, IReadOnlyList<KeyValuePair<string, long>> Counts)
{
    /// <summary>
    /// The counts of a class that add up across clusters: every whole-number metric at the top of
    /// the class, except extremes (<c>max_</c>, <c>min_</c>), whose fleet value is not their sum.
    /// </summary>
    public static KindClassOutcome Of(string kind, KindClassResult result)
        => new(kind, result.Name, [.. result.Metrics
            .Where(m => m.Type == KindMetricType.Count && !m.Key.StartsWith("max_", StringComparison.Ordinal) && !m.Key.StartsWith("min_", StringComparison.Ordinal))
            .Select(m => KeyValuePair.Create(m.Key, m.Count))]);
}
