using ClusterSim.Model.Serving.Batching;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>A set of identical replicas (one deployment, or one side of a disaggregated one).</summary>
public sealed record PoolSetup(string Name, int Replicas, ReplicaConfig Config, IIterationTimer Timer, Func<IBatchPolicy> Policy);
