namespace ClusterSim.Model.Serving.Kinds;

/// <summary>A workload kind running on a simulation: its replicas, whether work remains, and its results.</summary>
public interface IKindService
{
    /// <summary>Its replicas, in index order (placed on the facility by pool name like text replicas).</summary>
    IReadOnlyList<IServingReplica> Replicas { get; }

    /// <summary>True while arrivals remain or work is in flight.</summary>
    bool HasWork { get; }

    /// <summary>The kind's section of the result up to <paramref name="endNs"/>, rates over the span from <paramref name="measuredFromNs"/>.</summary>
    KindResult Result(long endNs, long measuredFromNs);
}
