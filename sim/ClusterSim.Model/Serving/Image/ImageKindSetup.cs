using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Image;

/// <summary>Image generation as a workload kind: its classes and pools, served by an <see cref="ImageService"/>.</summary>
public sealed record ImageKindSetup(IReadOnlyList<ImageClassSetup> Classes, IReadOnlyList<ImagePoolSetup> Pools) : IKindSetup
{
    public const string KindName = "image";

    public string Kind => KindName;

    public IKindService Create(Simulation simulation, long warmupNs, int firstIndex)
        => new ImageService(simulation, Classes, Pools, warmupNs, firstIndex);
}
