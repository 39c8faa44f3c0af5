namespace ClusterSim.Model.Serving.Kinds;

/// <summary>One class of a kind: its SLO standing and its metrics in summary.json order.</summary>
/// <param name="SloAttainment">Share of its work that met its own target, in [0, 1].</param>
/// <param name="MeetsSlo">Whether the promised share did.</param>
/// <param name="Completed">Units of work measured (requests finished after warm-up, frames): 0 means the class has no results to judge.</param>
/// <param name="CostUsd">Cost of the accelerator time its work used on its own pools (rent x accelerator-seconds).</param>
public sealed record KindClassResult(string Name, double SloAttainment, bool MeetsSlo, long Completed, double CostUsd, IReadOnlyList<KindMetric> Metrics)
{
    /// <summary>What the class's arrival rate counts (requests, or sessions for a streaming kind) that arrived, warm-up included.</summary>
    public long Arrived { get; init; }

    /// <summary>Of <see cref="Arrived"/>, those turned away (a full queue, no room for a session): work the SLO figures never see.</summary>
    public long Refused { get; init; }

    /// <summary>Units of <see cref="Arrived"/> served per second from the end of warm-up to the end of the run; NaN where the kind does not count them.</summary>
    public double ServedPerSecond { get; init; } = double.NaN;

    /// <summary>
    /// Arrival to completion of each measured request, for a kind whose requests complete (video, image: its end-to-end
    /// latency); null for a streaming kind (avatar) and where nothing was measured.
    /// </summary>
    public Metrics.LatencySummary? TimeInSystem { get; init; }

    /// <summary>
    /// The class's latency distributions, whole, by the key its summary.json section writes their summary under
    /// (<c>time_to_video_s</c>, <c>queue_s</c>, <c>frame_latency_s</c>, ...): what merges exactly across clusters (a fleet).
    /// </summary>
    public IReadOnlyDictionary<string, Metrics.LatencyHistogram> Histograms { get; init; } = new Dictionary<string, Metrics.LatencyHistogram>();

    /// <summary>Of <see cref="Completed"/>, the units that met the class's own target (requests by their deadline, frames on time).</summary>
    public long SloMet { get; init; }
}
