namespace ClusterSim.Scenarios;

/// <summary>
/// A distribution of token counts, frames or seconds (the unit is the field's). Bounds, where
/// given, truncate by clamping: samples below Min become Min, above Max become Max.
/// </summary>
public abstract record DistributionSpec
{
    /// <summary>Mean before truncation, or null when only the data knows it (empirical).</summary>
    public abstract double? Mean { get; }
}
