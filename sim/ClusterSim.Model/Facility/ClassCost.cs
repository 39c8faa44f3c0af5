namespace ClusterSim.Model.Facility;

/// <summary>One class's cost (an entry of <see cref="CostSummary.Classes"/>).</summary>
public sealed record ClassCost(
    string Name,
    double Share,
    double TotalUsd,
    double? UsdPerMillionOutputTokens,
    double? UsdPerVideoSecond,
    double? UsdPerAvatarHour);
