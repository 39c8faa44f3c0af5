namespace ClusterSim.Scenarios;

/// <summary>A price that holds from StartSeconds (time of day) until the next period starts.</summary>
public sealed record PricePeriod(double StartSeconds, double UsdPerKwh);
