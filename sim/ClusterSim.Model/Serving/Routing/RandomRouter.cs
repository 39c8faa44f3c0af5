using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Routing;

public sealed class RandomRouter : RouterBase
{
    public override string Name => "random";

    public override int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random)
        => random.Next(candidates.Count);
}
