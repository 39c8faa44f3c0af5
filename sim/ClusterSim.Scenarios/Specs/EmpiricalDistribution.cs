namespace ClusterSim.Scenarios;

/// <summary>Samples drawn uniformly from a column of a CSV file.</summary>
/// <param name="Path">Absolute path of the file (written relative to the scenario file).</param>
/// <param name="Column">Column header, or null when the file has a single column.</param>
/// <param name="Scale">Multiplies every value.</param>
public sealed record EmpiricalDistribution(string Path, string? Column, double Scale) : DistributionSpec
{
    public override double? Mean => null;
}
