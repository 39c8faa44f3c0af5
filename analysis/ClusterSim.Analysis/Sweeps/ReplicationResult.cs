namespace ClusterSim.Analysis.Sweeps;

/// <summary>One run's figures: <c>Values[class][metric]</c>, the classes of the point then the overall row, metrics as <see cref="SweepMetrics.Names"/>.</summary>
internal sealed record ReplicationResult(ulong Seed, IReadOnlyList<double[]> Values);
