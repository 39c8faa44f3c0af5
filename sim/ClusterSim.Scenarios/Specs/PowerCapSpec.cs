namespace ClusterSim.Scenarios;

/// <summary>Power caps in kW, null where none.</summary>
public sealed record PowerCapSpec(double? RackKw, double? SiteKw);
