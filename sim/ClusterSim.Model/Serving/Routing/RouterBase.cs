using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Routing;

/// <summary>Shared helper: the index minimising a key, ties to the lowest index (deterministic).</summary>
public abstract class RouterBase : IRouter
{
    public abstract string Name { get; }

    public abstract int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random);

    protected static int ArgMin(IReadOnlyList<IReplicaView> candidates, Func<IReplicaView, double> key)
    {
        var best = 0;
        var bestKey = key(candidates[0]);
        for (var i = 1; i < candidates.Count; i++)
        {
            var k = key(candidates[i]);
            if (k < bestKey)
            {
                best = i;
                bestKey = k;
            }
        }

        return best;
    }
}
