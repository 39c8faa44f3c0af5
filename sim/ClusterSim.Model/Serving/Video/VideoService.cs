using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// The video side of a cluster (see <see cref="DeadlineKindService{TClass, TPool, TReplica, TRequest, TSpec, TMetrics}"/>):
/// a request's shape comes from its replica's model, and a class reports time to video, videos per hour, and
/// accelerator-seconds and rent per second of video on its own pools.
/// </summary>
public sealed class VideoService(Simulation simulation, IReadOnlyList<VideoClassSetup> classes, IReadOnlyList<VideoPoolSetup> pools, long warmupNs, int firstIndex = 0)
    : DeadlineKindService<VideoClassSetup, VideoPoolSetup, VideoReplica, VideoRequest, VideoRequestSpec, VideoClassMetrics>(simulation, classes, pools, warmupNs, firstIndex)
{
    protected override string Kind => VideoKindSetup.KindName;

    protected override string LatencyKey => "time_to_video_s";

    protected override (string Label, int Width) P50Column => ("video p50 (s)", 13);

    protected override string SecondsFormat => "F1";

    protected override IReadOnlyList<(string Label, int Width)> OwnColumns => [("acc-s/video-s", 13), ("$/video-s", 9)];

    protected override VideoClassMetrics NewMetrics(VideoClassSetup c, long warmupNs) => new(c.Name, c.DeadlineSeconds, c.Percentile, warmupNs);

    protected override VideoReplica NewReplica(Simulation simulation, int index, VideoPoolSetup pool, IReadOnlyList<ClassSchedule> schedule,
        Action<VideoReplica, VideoRequest> completed) => new(simulation, index, pool, schedule, completed);

    protected override IKindSource<VideoRequestSpec> SourceOf(VideoClassSetup c, Simulation simulation) => c.Source(simulation);

    protected override long SpecArrivalNs(VideoRequestSpec spec) => spec.ArrivalNs;

    protected override VideoRequest NewRequest(long id, int classIndex, long nowNs, VideoRequestSpec spec, VideoReplica target)
        => new(id, classIndex, nowNs, target.Pool.Cost.Model.Shape(spec.Width, spec.Height, spec.Frames), spec.Steps, spec.Fps);

    protected override Facility.ServiceCounts Delivered(VideoRequest request) => new(VideoSeconds: request.VideoSeconds);

    protected override IEnumerable<KindMetric> OwnMetrics(VideoClassMetrics c, double spanSeconds) =>
    [
        KindMetric.Of("videos_per_hour", c.Measured / spanSeconds * 3600, "1/h"),
        KindMetric.Of("video_seconds", c.VideoSeconds, "s"),
        KindMetric.Of("accelerator_seconds", c.AcceleratorSeconds, "s"),
        KindMetric.Maybe("accelerator_seconds_per_video_second", c.VideoSeconds > 0 ? c.AcceleratorSecondsPerVideoSecond : null),
        KindMetric.Maybe("cost_usd_per_video_second", c.VideoSeconds > 0 ? c.CostUsdPerVideoSecond : null, "USD/s"),
        KindMetric.Of("preemptions", c.Preemptions),
    ];

    protected override IEnumerable<string> OwnCells(VideoClassMetrics c, CultureInfo inv)
        => [KindMetric.Cell(c.VideoSeconds > 0 ? c.AcceleratorSecondsPerVideoSecond : null, "F1", inv),
            KindMetric.Cell(c.VideoSeconds > 0 ? c.CostUsdPerVideoSecond : null, "F3", inv)];
}
