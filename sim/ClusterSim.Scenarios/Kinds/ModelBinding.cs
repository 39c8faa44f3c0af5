using ClusterSim.Scenarios.Binding;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Kinds;

/// <summary>A checked model mapping with the fields every model has already read.</summary>
internal sealed record ModelBinding(
    string Key,
    MappingNode Node,
    Values V,
    string Name,
    double ParamsB,
    Precision WeightPrecision,
    Confidence Confidence,
    string? Source,
    string? Notes);
