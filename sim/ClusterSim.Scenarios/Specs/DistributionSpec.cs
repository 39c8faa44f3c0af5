namespace ClusterSim.Scenarios;

/// <summary>
/// A distribution of token counts, frames or seconds (the unit is the field's). Bounds, where
/// given, truncate by clamping: samples below Min become Min, above Max become Max.
/// </summary>
public abstract record DistributionSpec
{
    /// <summary>
    /// The largest whole number a sample may take (tokens, frames or milliseconds): far beyond any model's context, and
    /// small enough that a request's prompt plus output still fits the int the serving model counts tokens in. A token
    /// distribution above it is refused where it is written; a sample beyond it is lowered to it.
    /// </summary>
    public const int MaxSample = 1_000_000_000;

    /// <summary>Mean before truncation, or null when only the data knows it (empirical).</summary>
    public abstract double? Mean { get; }
}
