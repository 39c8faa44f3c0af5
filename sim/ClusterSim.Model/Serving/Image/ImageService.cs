using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Image;

/// <summary>
/// The image side of a cluster (see <see cref="DeadlineKindService{TClass, TPool, TReplica, TRequest, TSpec, TMetrics}"/>):
/// a class reports latency, images and images per hour, and accelerator-seconds and rent per image.
/// </summary>
public sealed class ImageService(Simulation simulation, IReadOnlyList<ImageClassSetup> classes, IReadOnlyList<ImagePoolSetup> pools, long warmupNs, int firstIndex = 0)
    : DeadlineKindService<ImageClassSetup, ImagePoolSetup, ImageReplica, ImageRequest, ImageRequestSpec, ImageClassMetrics>(simulation, classes, pools, warmupNs, firstIndex)
{
    protected override string Kind => ImageKindSetup.KindName;

    protected override string LatencyKey => "latency_s";

    protected override (string Label, int Width) P50Column => ("p50 (s)", 8);

    protected override string SecondsFormat => "F2";

    protected override IReadOnlyList<(string Label, int Width)> OwnColumns => [("acc-s/image", 11), ("$/image", 9)];

    protected override ImageClassMetrics NewMetrics(ImageClassSetup c, long warmupNs) => new(c.Name, c.DeadlineSeconds, c.Percentile, warmupNs);

    protected override ImageReplica NewReplica(Simulation simulation, int index, ImagePoolSetup pool, IReadOnlyList<ClassSchedule> schedule,
        Action<ImageReplica, ImageRequest> completed) => new(simulation, index, pool, schedule, completed);

    protected override IKindSource<ImageRequestSpec> SourceOf(ImageClassSetup c, Simulation simulation) => c.Source(simulation);

    protected override long SpecArrivalNs(ImageRequestSpec spec) => spec.ArrivalNs;

    protected override ImageRequest NewRequest(long id, int classIndex, long nowNs, ImageRequestSpec spec, ImageReplica target)
        => new(id, classIndex, nowNs, spec.Shape, spec.Images);

    protected override IEnumerable<KindMetric> OwnMetrics(ImageClassMetrics c, double spanSeconds) =>
    [
        KindMetric.Of("images", c.Images),
        KindMetric.Of("images_per_hour", c.Images / spanSeconds * 3600, "1/h"),
        KindMetric.Of("accelerator_seconds", c.AcceleratorSeconds, "s"),
        KindMetric.Maybe("accelerator_seconds_per_image", c.Images > 0 ? c.AcceleratorSecondsPerImage : null, "s"),
        KindMetric.Maybe("cost_usd_per_image", c.Images > 0 ? c.CostUsdPerImage : null, "USD"),
    ];

    protected override IEnumerable<string> OwnCells(ImageClassMetrics c, CultureInfo inv)
        => [KindMetric.Cell(c.Images > 0 ? c.AcceleratorSecondsPerImage : null, "F2", inv), KindMetric.Cell(c.Images > 0 ? c.CostUsdPerImage : null, "F4", inv)];
}
