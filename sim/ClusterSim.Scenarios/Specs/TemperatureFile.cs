namespace ClusterSim.Scenarios;

/// <summary>A series from a CSV file: time in seconds, temperature in °C.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="Column">Temperature column header, or null when the file has two columns.</param>
public sealed record TemperatureFile(string Path, string? Column) : TemperatureSpec;
