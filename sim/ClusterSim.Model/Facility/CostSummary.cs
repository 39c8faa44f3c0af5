namespace ClusterSim.Model.Facility;

/// <summary>
/// The <c>cost</c> section of summary.json (snake_case keys under <see cref="FacilityJson.Options"/>).
/// Unit costs are null where nothing of that unit was delivered.
/// </summary>
/// <param name="Basis"><see cref="Rent"/> (accelerators rented, electricity in the rent) or <see cref="Own"/> (capital amortised, electricity billed).</param>
/// <param name="Inputs">The figures the cost was computed from and what it leaves out.</param>
/// <param name="DurationS">Seconds the costs cover.</param>
/// <param name="EnergyUsd">Electricity for the facility energy (0 when renting: the rent includes it).</param>
/// <param name="CapexUsd">Capital cost amortized over the run: total capital x run time / lifetime.</param>
/// <param name="OpexUsd">Other operating costs for the run, rent included when renting.</param>
/// <param name="TotalUsd">EnergyUsd + CapexUsd + OpexUsd.</param>
/// <param name="UsdPerHour">TotalUsd per hour of run.</param>
/// <param name="UsdPerMillionOutputTokens">TotalUsd per million output tokens.</param>
/// <param name="UsdPerVideoSecond">TotalUsd per second of generated video.</param>
/// <param name="UsdPerAvatarHour">TotalUsd per avatar-hour.</param>
/// <param name="Classes">Per-class costs, when class shares were given.</param>
/// <remarks>
/// Attributed by pool (<see cref="CostModel.Attribute"/>): the unit costs are those of the classes with that unit (their
/// costs summed over their units), <see cref="Pools"/> has each pool's cost and <see cref="UnattributedUsd"/> what no
/// class was charged.
/// </remarks>
public sealed record CostSummary(
    string Basis,
    CostInputs Inputs,
    double DurationS,
    double EnergyUsd,
    double CapexUsd,
    double OpexUsd,
    double TotalUsd,
    double UsdPerHour,
    double? UsdPerMillionOutputTokens,
    double? UsdPerVideoSecond,
    double? UsdPerAvatarHour,
    IReadOnlyList<ClassCost> Classes)
{
    /// <summary>The basis of a rented cluster.</summary>
    public const string Rent = "rent";

    /// <summary>The basis of an owned cluster.</summary>
    public const string Own = "own";

    /// <summary>How the cost was split among classes, in words; null when it was not split by pool.</summary>
    public string? Attribution { get; init; }

    /// <summary>Each pool's cost, in pool order (text pools first); empty when the cost was not split by pool.</summary>
    public IReadOnlyList<PoolCost> Pools { get; init; } = [];

    /// <summary>
    /// The part of <see cref="TotalUsd"/> charged to no class: accelerators in no pool (with their share of nodes, energy and
    /// other opex) and pools no class kept busy; null when the cost was not split by pool.
    /// </summary>
    public double? UnattributedUsd { get; init; }
}
