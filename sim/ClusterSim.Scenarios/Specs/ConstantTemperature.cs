namespace ClusterSim.Scenarios;

public sealed record ConstantTemperature(double Celsius) : TemperatureSpec;
