using ClusterSim.Scenarios.Binding;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Kinds;

/// <summary>A checked workload mapping with what every workload has already bound: its model (of the kind's model kind), arrival, deployments and SLO.</summary>
/// <param name="Distribution">Binds a distribution node (a plain value or a mapping with 'kind'), reporting its errors; null when bad.</param>
internal sealed record WorkloadBinding(
    string Name,
    MappingNode Node,
    Values V,
    ModelSpec Model,
    ArrivalSpec Arrival,
    int Priority,
    IReadOnlyList<string> Serving,
    SloSpec Slo,
    Func<Node?, DistributionSpec?> Distribution);
