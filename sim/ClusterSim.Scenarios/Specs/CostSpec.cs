namespace ClusterSim.Scenarios;

/// <summary>Costs besides accelerator prices (those are on <see cref="AcceleratorSpec"/>).</summary>
/// <param name="ServerUsd">Price of one node without its accelerators.</param>
/// <param name="LifetimeYears">Years over which capital cost is spread.</param>
/// <param name="OpexUsdPerYear">Other operating costs per year, whole cluster.</param>
/// <param name="NetworkUsd">Network capital (switches, cables, optics) of the whole cluster; null: not given, not counted.</param>
/// <param name="CoolingUsdPerKw">Cooling and power plant capital per kW of nameplate IT power; null: not given, not counted.</param>
public sealed record CostSpec(CostMode Mode, double ServerUsd, double LifetimeYears, double OpexUsdPerYear,
    double? NetworkUsd = null, double? CoolingUsdPerKw = null);
