using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Facility;

/// <summary>One rack's IT power over the run, with its cap in watts when it has one.</summary>
public sealed record RackPower(string Name, double? CapW, IReadOnlyList<SeriesBucket> ItW);
