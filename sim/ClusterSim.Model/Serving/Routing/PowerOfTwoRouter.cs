using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Routing;

/// <summary>
/// Power of two choices (Mitzenmacher): sample two replicas, take the less loaded. Nearly as good
/// as least-loaded with O(1) probes, which matters on a thousand replicas.
/// </summary>
public sealed class PowerOfTwoRouter : RouterBase
{
    public override string Name => "power_of_two";

    public override int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random)
    {
        if (candidates.Count == 1)
        {
            return 0;
        }

        var a = random.Next(candidates.Count);
        var b = random.Next(candidates.Count - 1);
        if (b >= a)
        {
            b++;
        }

        return candidates[b].Outstanding < candidates[a].Outstanding ? b : a;
    }
}
