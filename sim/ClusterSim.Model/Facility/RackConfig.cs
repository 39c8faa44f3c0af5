namespace ClusterSim.Model.Facility;

/// <summary>A rack: a name and an optional power cap on the IT power of its nodes.</summary>
public sealed record RackConfig(string Name, double? CapW = null);
