using ClusterSim.Model.Serving.Avatar;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>Read-only convenience views of the avatar kind on the kind-neutral set-up, cluster and result.</summary>
public static class AvatarKindAccessors
{
    extension(ServingSetup setup)
    {
        public IReadOnlyList<AvatarClassSetup> AvatarClasses => [.. setup.Kinds.OfType<AvatarKindSetup>().SelectMany(k => k.Classes)];

        public IReadOnlyList<AvatarPoolSetup> AvatarPools => [.. setup.Kinds.OfType<AvatarKindSetup>().SelectMany(k => k.Pools)];
    }

    extension(ServingCluster cluster)
    {
        /// <summary>Avatar classes and replicas, or null when the set-up has none.</summary>
        public AvatarService? Avatar => cluster.KindServices.OfType<AvatarService>().FirstOrDefault();
    }

    extension(ServingResult result)
    {
        /// <summary>Avatar classes, each against its own frame deadline.</summary>
        public IReadOnlyList<AvatarClassMetrics> Avatar => [.. result.Kinds.SelectMany(k => k.Metrics).OfType<AvatarClassMetrics>()];
    }
}
