namespace ClusterSim.Analysis.Costs;

/// <summary>A cluster's cost per hour, or why there is none (a price missing from the catalog).</summary>
public sealed record ClusterCost(double? UsdPerHour, string? Problem)
{
    /// <summary>USD per million output tokens at <paramref name="outputTokensPerSecond"/>; NaN without a cost or tokens.</summary>
    public double PerMillionTokens(double outputTokensPerSecond)
        => UsdPerHour is { } usd && outputTokensPerSecond > 0 ? usd / (outputTokensPerSecond * 3600) * 1e6 : double.NaN;
}
