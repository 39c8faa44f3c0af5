using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Routing;

/// <summary>Join the shortest queue measured in tokens (prompt plus output of everything on it).</summary>
public sealed class ShortestQueueTokensRouter : RouterBase
{
    public override string Name => "shortest_queue_tokens";

    public override int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random)
        => ArgMin(candidates, r => r.OutstandingTokens);
}
