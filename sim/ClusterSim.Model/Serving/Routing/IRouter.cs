using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Routing;

/// <summary>
/// Chooses the replica for a new request. A researcher's router is one class implementing this:
/// read what each candidate exposes (outstanding requests and tokens, KV free fraction, resident
/// prefix blocks) and return an index into <paramref name="candidates"/>.
/// </summary>
public interface IRouter
{
    string Name { get; }

    int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random);

    /// <summary>
    /// True when requests should wait in one cluster-wide queue while no replica has room, and be routed (among the
    /// replicas with room) only when one has: engines that pull from a shared queue take no more than their free slots.
    /// False (the default): every request is routed when it arrives.
    /// </summary>
    bool HoldsWhileFull => false;
}
