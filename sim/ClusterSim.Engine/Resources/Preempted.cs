using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>The interrupt cause a process sees when a more important request took its unit.</summary>
public sealed record Preempted(Process? By, long UsageSince);
