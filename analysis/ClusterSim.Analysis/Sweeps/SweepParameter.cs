namespace ClusterSim.Analysis.Sweeps;

/// <summary>One swept scenario value: a <c>--set</c> path and the values it takes, as YAML text, in the order given.</summary>
public sealed record SweepParameter(string Path, IReadOnlyList<string> Values);
