namespace ClusterSim.Scenarios;

/// <summary>Costs besides accelerator prices (those are on <see cref="AcceleratorSpec"/>).</summary>
/// <param name="ServerUsd">Price of one node without its accelerators.</param>
/// <param name="LifetimeYears">Years over which capital cost is spread.</param>
/// <param name="OpexUsdPerYear">Other operating costs per year, whole cluster.</param>
public sealed record CostSpec(CostMode Mode, double ServerUsd, double LifetimeYears, double OpexUsdPerYear);
