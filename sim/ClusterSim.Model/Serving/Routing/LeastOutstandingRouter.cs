using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Routing;

/// <summary>The replica with the fewest requests on it (waiting or running).</summary>
public sealed class LeastOutstandingRouter : RouterBase
{
    public override string Name => "least_outstanding";

    public override int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random)
        => ArgMin(candidates, r => r.Outstanding);
}
