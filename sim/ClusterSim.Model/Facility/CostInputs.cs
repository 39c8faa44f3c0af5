namespace ClusterSim.Model.Facility;

/// <summary>
/// What a <see cref="CostSummary"/> was computed from, so a reader can check it by hand and knows
/// what it leaves out (the <c>inputs</c> of summary.json's cost section).
/// </summary>
/// <param name="Accelerators">Each accelerator type with its count and its rent or price.</param>
/// <param name="Nodes">Nodes in the cluster.</param>
/// <param name="ServerUsd">Price of one node besides its accelerators (own); null when rented.</param>
/// <param name="LifetimeYears">Years the capital is spread over (own); null when rented.</param>
/// <param name="OpexUsdPerYear">Other operating costs per year.</param>
/// <param name="NetworkUsd">Network capital of the whole cluster (own; 0 where not given, which <paramref name="Excluded"/> says); null when rented.</param>
/// <param name="CoolingUsdPerKw">Cooling and power plant capital per kW of nameplate IT power (own; 0 where not given); null when rented.</param>
/// <param name="DesignItKw">Nameplate IT power the plant is priced for (<see cref="FacilityModel.DesignItW"/>: every accelerator at its board limit, hosts, network and fans at their most; own); null when rented.</param>
/// <param name="Excluded">What the cost leaves out, one item each.</param>
public sealed record CostInputs(
    IReadOnlyList<AcceleratorCost> Accelerators,
    int Nodes,
    double? ServerUsd,
    double? LifetimeYears,
    double OpexUsdPerYear,
    double? NetworkUsd,
    double? CoolingUsdPerKw,
    double? DesignItKw,
    IReadOnlyList<string> Excluded);
