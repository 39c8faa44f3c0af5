using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Video;

/// <summary>Video generation as a workload kind: its classes and pools, served by a <see cref="VideoService"/>.</summary>
public sealed record VideoKindSetup(IReadOnlyList<VideoClassSetup> Classes, IReadOnlyList<VideoPoolSetup> Pools) : IKindSetup
{
    public const string KindName = "video";

    public string Kind => KindName;

    public IKindService Create(Simulation simulation, long warmupNs, int firstIndex)
        => new VideoService(simulation, Classes, Pools, warmupNs, firstIndex);
}
