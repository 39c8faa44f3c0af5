namespace ClusterSim.Model.Serving.Avatar;

/// <summary>One avatar session as traffic produces it: when it starts and how long it streams.</summary>
public readonly record struct AvatarSessionSpec(long ArrivalNs, long LengthNs);
