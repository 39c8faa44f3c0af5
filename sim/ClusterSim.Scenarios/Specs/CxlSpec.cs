namespace ClusterSim.Scenarios;

/// <summary>CXL-attached memory of a node: a tier below HBM and host DRAM.</summary>
/// <param name="CapacityGb">Capacity per node in GB.</param>
/// <param name="BandwidthGbs">Bandwidth to it in GB/s.</param>
/// <param name="LatencySeconds">Access latency in seconds.</param>
public sealed record CxlSpec(double CapacityGb, double BandwidthGbs, double LatencySeconds);
