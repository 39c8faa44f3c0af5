using ClusterSim.Model.Serving.Admission;
using ClusterSim.Model.Serving.Batching;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>A set of identical replicas (one deployment, or one side of a disaggregated one).</summary>
public sealed record PoolSetup(string Name, int Replicas, ReplicaConfig Config, IIterationTimer Timer, Func<IBatchPolicy> Policy)
{
    /// <summary>Order of each replica's waiting queue (first come, first served by default).</summary>
    public SchedulingPolicy Scheduling { get; init; } = SchedulingPolicy.Fcfs;

    /// <summary>Admission of new text requests, one instance per pool and run; null: every request is let in.</summary>
    public Func<IAdmissionPolicy>? Admission { get; init; }

    /// <summary>Scale the replicas in service with load (<see cref="Replicas"/> is then the most); null: all serve all the time.</summary>
    public AutoscalingSetup? Autoscaling { get; init; }
}
