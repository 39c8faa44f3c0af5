namespace ClusterSim.Engine.Core;

/// <summary>The failure value a process sees when it was interrupted.</summary>
public sealed record Interruption(object? Cause);
