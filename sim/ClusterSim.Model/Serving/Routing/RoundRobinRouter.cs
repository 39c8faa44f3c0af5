using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Routing;

public sealed class RoundRobinRouter : RouterBase
{
    private int _next;

    public override string Name => "round_robin";

    public override int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random)
        => _next++ % candidates.Count;
}
