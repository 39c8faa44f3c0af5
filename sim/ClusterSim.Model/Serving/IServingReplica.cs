using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;

namespace ClusterSim.Model.Serving;

/// <summary>
/// What every replica of every workload kind (text, video, avatar, image, ...) shares with the rest of
/// the cluster: where it sits (index, pool, accelerators), how busy it was, its waiting queue over time,
/// its own figures for the run, and the power hook through which it books its accelerators' activity
/// and takes the clock a facility grants. The facility, the autoscaler's power states and the summary
/// see replicas only through this, so a new kind's replicas draw power and heat their nodes without
/// kind-specific code.
/// </summary>
public interface IServingReplica
{
    /// <summary>Position in the cluster's replica list (unique across kinds, text replicas first).</summary>
    int Index { get; }

    /// <summary>Name of the pool (deployment) it belongs to: the key of its facility placement.</summary>
    string PoolName { get; }

    /// <summary>Accelerators it holds.</summary>
    int Accelerators { get; }

    /// <summary>Nanoseconds spent running work (held-back work not counted).</summary>
    long BusyNs { get; }

    /// <summary>Work waiting on it, over time.</summary>
    TimeWeightedSeries QueueLength { get; }

    /// <summary>Power and clock of its accelerators (a facility); null: full clock, no energy booked.</summary>
    IReplicaPower? Power { get; set; }

    /// <summary>Start the work a power cap held back, if the hook grants it now (called by the hook).</summary>
    void RetryHeld();

    /// <summary>Its figures over the run up to <paramref name="endNs"/> (series are advanced to it).</summary>
    ReplicaStats Stats(long endNs);
}
