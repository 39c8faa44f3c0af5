using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Avatar;

/// <summary>Real-time avatars as a workload kind: its classes and pools, served by an <see cref="AvatarService"/>.</summary>
public sealed record AvatarKindSetup(IReadOnlyList<AvatarClassSetup> Classes, IReadOnlyList<AvatarPoolSetup> Pools) : IKindSetup
{
    public const string KindName = "avatar";

    public string Kind => KindName;

    public IKindService Create(Simulation simulation, long warmupNs, int firstIndex)
        => new AvatarService(simulation, Classes, Pools, warmupNs, firstIndex);
}
