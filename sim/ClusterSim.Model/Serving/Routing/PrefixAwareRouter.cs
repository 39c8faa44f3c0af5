using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Routing;

/// <summary>
/// Prefer the replica that already holds the longest prefix of the prompt's KV (as SGLang's
/// cache-aware router and Mooncake's scheduler do), unless it is overloaded: a replica with more
/// than <c>loadSlack</c> requests above the least loaded one is skipped, so hot prefixes do not
/// pile onto one replica. Without a prefix hit anywhere, least outstanding.
/// </summary>
public sealed class PrefixAwareRouter(int loadSlack = 8) : RouterBase
{
    public override string Name => "prefix_aware";

    public int LoadSlack => loadSlack;

    public override int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random)
    {
        var leastLoaded = ArgMin(candidates, r => r.Outstanding);
        if (request.PrefixHashes is null)
        {
            return leastLoaded;
        }

        var floor = candidates[leastLoaded].Outstanding;
        var best = leastLoaded;
        var bestHit = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].Outstanding > floor + loadSlack)
            {
                continue;
            }

            var hit = candidates[i].MatchPrefix(request.PrefixHashes);
            if (hit > bestHit || (hit == bestHit && hit > 0 && candidates[i].Outstanding < candidates[best].Outstanding))
            {
                best = i;
                bestHit = hit;
            }
        }

        return best;
    }
}
