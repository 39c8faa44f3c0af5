namespace ClusterSim.Scenarios;

/// <summary>Cooling, climate, power caps, electricity and costs (defaults filled in when a scenario leaves them out).</summary>
public sealed record FacilitySpec(
    CoolingSpec Cooling,
    TemperatureSpec OutsideTemperature,
    PowerCapSpec PowerCap,
    ElectricitySpec Electricity,
    CostSpec Costs);
