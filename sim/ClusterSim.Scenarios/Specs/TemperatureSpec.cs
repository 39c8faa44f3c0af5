namespace ClusterSim.Scenarios;

/// <summary>Outside (dry-bulb) temperature over time, in °C.</summary>
public abstract record TemperatureSpec;
