namespace ClusterSim.Scenarios;

/// <summary>Racks holding whole node groups, for power capping.</summary>
/// <param name="Name">Rack (set) name.</param>
/// <param name="Count">Number of racks the groups' nodes are spread over, evenly.</param>
/// <param name="Nodes">Names of the node groups in these racks.</param>
/// <param name="PowerCapKw">Cap per rack in kW (this rack's own, or the facility's rack cap), when any.</param>
public sealed record RackSpec(string Name, int Count, IReadOnlyList<string> Nodes, double? PowerCapKw);
