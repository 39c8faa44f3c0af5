namespace ClusterSim.Model.Facility;

/// <summary>What the facility measured over a serving run: energy, cost, power over time and throttling.</summary>
/// <param name="Energy">The <c>energy</c> section of summary.json.</param>
/// <param name="Cost">The <c>cost</c> section of summary.json.</param>
/// <param name="Power">Site and rack power over time (power.csv).</param>
/// <param name="Throttles">Thermal throttling stretches, by start.</param>
public sealed record FacilityResult(
    EnergySummary Energy,
    CostSummary Cost,
    PowerSeries Power,
    IReadOnlyList<ThrottleInterval> Throttles);
