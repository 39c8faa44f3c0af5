namespace ClusterSim.Analysis.Sweeps;

/// <summary>A point and its replications, in seed order.</summary>
internal sealed record PointResult(PointInfo Info, IReadOnlyList<ReplicationResult> Runs);
