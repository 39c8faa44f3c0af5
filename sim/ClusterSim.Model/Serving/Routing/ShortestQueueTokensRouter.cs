using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Routing;

/// <summary>Join the shortest queue measured in tokens (prompt plus output of everything on it).</summary>
public sealed class ShortestQueueTokensRouter : RouterBase, IKeyedRouter
{
    public override string Name => "shortest_queue_tokens";

    /// <summary>The cluster keeps the least of these per candidate list (<see cref="IKeyedRouter"/>); <see cref="Route"/> is the same choice by a scan.</summary>
    public long Key(IReplicaView replica) => replica.OutstandingTokens;

    public override int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random)
    {
        // The default router runs once per request over every candidate: a plain loop, no delegate per candidate.
        var best = 0;
        var bestKey = candidates[0].OutstandingTokens;
        for (var i = 1; i < candidates.Count; i++)
        {
            var k = candidates[i].OutstandingTokens;
            if (k < bestKey)
            {
                best = i;
                bestKey = k;
            }
        }

        return best;
    }
}
