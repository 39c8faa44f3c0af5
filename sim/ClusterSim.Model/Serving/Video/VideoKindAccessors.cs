using ClusterSim.Model.Serving.Video;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>
/// Read-only convenience views of the video kind on the kind-neutral set-up, cluster and result
/// (callers that know they deal with video: tests, the example checks).
/// </summary>
public static class VideoKindAccessors
{
    extension(ServingSetup setup)
    {
        public IReadOnlyList<VideoClassSetup> VideoClasses => [.. setup.Kinds.OfType<VideoKindSetup>().SelectMany(k => k.Classes)];

        public IReadOnlyList<VideoPoolSetup> VideoPools => [.. setup.Kinds.OfType<VideoKindSetup>().SelectMany(k => k.Pools)];
    }

    extension(ServingCluster cluster)
    {
        /// <summary>Video classes and replicas, or null when the set-up has none.</summary>
        public VideoService? Video => cluster.KindServices.OfType<VideoService>().FirstOrDefault();
    }

    extension(ServingResult result)
    {
        /// <summary>Video classes, each against its own deadline.</summary>
        public IReadOnlyList<VideoClassMetrics> Video => [.. result.Kinds.SelectMany(k => k.Metrics).OfType<VideoClassMetrics>()];
    }
}
