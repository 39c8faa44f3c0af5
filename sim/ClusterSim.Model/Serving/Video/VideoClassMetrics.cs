using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Video;

/// <summary>What one video class measured: the deadline-class figures, plus seconds of video and accelerator-seconds and cost per second of video.</summary>
public sealed class VideoClassMetrics(string name, double? deadlineSeconds, double percentile, long warmupNs = 0)
    : DeadlineClassMetrics<VideoRequest>(name, deadlineSeconds, percentile, warmupNs)
{
    /// <summary>Time to video: the class's latency under the name video users know.</summary>
    public LatencyHistogram TimeToVideo => Latency;

    public double VideoSeconds { get; private set; }

    /// <summary>Rent paid per second of video produced (0 when the rent is unknown or nothing was measured).</summary>
    public double CostUsdPerVideoSecond => VideoSeconds > 0 ? CostUsd / VideoSeconds : 0;

    public double AcceleratorSecondsPerVideoSecond => VideoSeconds > 0 ? AcceleratorSeconds / VideoSeconds : 0;

    protected override void OnMeasured(VideoRequest r) => VideoSeconds += r.VideoSeconds;
}
