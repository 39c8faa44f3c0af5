using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Serving.Routing;

namespace ClusterSim.Model.Tests.Plugins;

/// <summary>A test plug-in router: every request to the first candidate, so the others never iterate.</summary>
public sealed class EverythingToReplicaZeroRouter : IRouter
{
    public static int Created;

    public EverythingToReplicaZeroRouter() => Interlocked.Increment(ref Created);

    public string Name => "everything_to_zero";

    public int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random) => 0;
}
