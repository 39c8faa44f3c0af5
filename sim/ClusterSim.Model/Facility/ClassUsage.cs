namespace ClusterSim.Model.Facility;

/// <summary>One traffic class's share of the run's cost and what it delivered.</summary>
/// <param name="Name">Class (workload) name.</param>
/// <param name="Share">Share of the total cost it carries, in [0, 1]: for example its share of busy accelerator time.</param>
/// <param name="Delivered">What it delivered.</param>
public sealed record ClassUsage(string Name, double Share, ServiceCounts Delivered);
