namespace ClusterSim.Model.Facility;

/// <summary>How heat leaves the accelerators.</summary>
public enum CoolingSystem
{
    /// <summary>Heat sinks and server fans in conditioned air.</summary>
    Air,

    /// <summary>Direct-to-chip liquid: cold plates on the accelerators and CPUs.</summary>
    DirectLiquid,

    /// <summary>Servers submerged in a dielectric fluid; no server fans.</summary>
    Immersion,
}
