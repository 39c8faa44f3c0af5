namespace ClusterSim.Model.Serving.Routing;

/// <summary>
/// A router that picks the candidate with the least key, ties to the first in candidate order, where the key
/// reads only a replica's <see cref="IReplicaView.Outstanding"/> and <see cref="IReplicaView.OutstandingTokens"/>
/// (which change only when a request joins or leaves the replica). For such a router the cluster keeps the
/// minimum of every candidate list current in a tournament tree: O(log n) work per join or leave and O(1) per
/// request, where <see cref="IRouter.Route"/> scans every candidate. <see cref="IRouter.Route"/> must choose the
/// same replica; the router contract tests check that the two agree.
/// </summary>
public interface IKeyedRouter : IRouter
{
    /// <summary>The key to minimise; it may read only the two outstanding figures.</summary>
    long Key(IReplicaView replica);
}
