namespace ClusterSim.Scenarios;

/// <summary>
/// One `accelerator/stack` entry of an efficiency file as written: names, provenance and the numeric
/// factors by file key (<see cref="EfficiencyYaml.Fields"/>).
/// </summary>
/// <param name="Values">Factors by key, in file order.</param>
public sealed record EfficiencyEntry(string Accelerator, string Stack, string FittedOn, IReadOnlyList<KeyValuePair<string, double>> Values)
{
    /// <summary>Comment lines written above the entry (what it was fitted on, its errors).</summary>
    public IReadOnlyList<string> Comments { get; init; } = [];

    /// <summary>Where a parsed entry's fields start ("source:line:column"), for errors found after parsing; empty when built in code.</summary>
    public string Location { get; init; } = "";
}
