namespace ClusterSim.Scenarios.Schema;

/// <summary>A key of a mapping: its shape, whether it must be given, and its default.</summary>
internal sealed record Field(string Name, Shape Shape, string Description, bool Required = false, object? Default = null);
