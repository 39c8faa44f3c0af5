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
/// <param name="Excluded">What the cost leaves out, one item each.</param>
public sealed record CostInputs(
    IReadOnlyList<AcceleratorCost> Accelerators,
    int Nodes,
    double? ServerUsd,
    double? LifetimeYears,
    double OpexUsdPerYear,
    IReadOnlyList<string> Excluded);
