using ClusterSim.Model.Facility;

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

    /// <summary>
    /// The kind's section of the result with each class's share of the run's cost (<paramref name="costs"/>, the
    /// cost section's classes by name), for a kind that reports its classes' cost per unit from them.
    /// </summary>
    KindResult Result(long endNs, long measuredFromNs, IReadOnlyList<ClassCost> costs) => Result(endNs, measuredFromNs);

    /// <summary>
    /// What its classes delivered and used of its pools up to <paramref name="endNs"/>, so the run's cost can charge each class
    /// the accelerators it ran on; null: the kind's pools are charged to none of its classes (their cost is unattributed).
    /// </summary>
    KindCostUsage? CostUsage(long endNs) => null;
}
