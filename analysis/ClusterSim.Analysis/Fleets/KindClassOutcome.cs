using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Analysis.Fleets;

/// <summary>
/// A class of a non-text kind (video, avatar, image) in one cluster of a fleet: the figures of it
/// that add up exactly across clusters: its counts (arrived, completed, frames, ...), its latency
/// distributions whole (<see cref="Histograms"/>) and what met its target (<see cref="SloMet"/> of
/// <see cref="Measured"/>). Its rates (per hour, per accelerator) are over each cluster's own span and
/// do not add up; the fleet leaves them out and says so.
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
            .Select(m => KeyValuePair.Create(m.Key, m.Count))])
        {
            Measured = result.Completed,
            SloMet = result.SloMet,
            Histograms = [.. result.Histograms.Select(h => KeyValuePair.Create(h.Key, h.Value.Snapshot()))],
        };

    /// <summary>Units of work measured (requests finished after warm-up, frames): what <see cref="SloMet"/> is a share of.</summary>
    public long Measured { get; init; }

    /// <summary>Of <see cref="Measured"/>, the units that met the class's own target.</summary>
    public long SloMet { get; init; }

    /// <summary>Its latency distributions by summary.json key (<c>time_to_video_s</c>, <c>frame_latency_s</c>, ...), in the kind's order.</summary>
    public IReadOnlyList<KeyValuePair<string, HistogramSnapshot>> Histograms { get; init; } = [];
}
