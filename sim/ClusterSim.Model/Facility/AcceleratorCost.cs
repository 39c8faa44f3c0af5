namespace ClusterSim.Model.Facility;

/// <summary>
/// One accelerator type of a cost: how many there are and the catalog figure the basis uses
/// (an entry of <see cref="CostInputs.Accelerators"/>).
/// </summary>
/// <param name="Accelerator">Catalog key of the accelerator.</param>
/// <param name="Count">Accelerators of this type in the cluster.</param>
/// <param name="RentUsdPerHour">Rent of one per hour when the basis is rent; null when owned.</param>
/// <param name="PriceUsd">Purchase price of one when the basis is own (null: no price in the catalog, counted as 0); null when rented.</param>
public sealed record AcceleratorCost(string Accelerator, int Count, double? RentUsdPerHour, double? PriceUsd);
