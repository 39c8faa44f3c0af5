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
}
