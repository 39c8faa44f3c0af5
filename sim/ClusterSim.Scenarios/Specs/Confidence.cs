namespace ClusterSim.Scenarios;

/// <summary>How far a catalog entry's figures can be trusted (stated by whoever wrote it).</summary>
public enum Confidence
{
    /// <summary>Not stated (a scenario's own definition).</summary>
    Unstated,
    Low,
    Medium,
    High,
}
