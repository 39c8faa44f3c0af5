namespace ClusterSim.Scenarios;

public enum CoolingKind
{
    Air,

    /// <summary>Direct-to-chip liquid (cold plates).</summary>
    Liquid,

    Immersion,
}
