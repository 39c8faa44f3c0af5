namespace ClusterSim.Model.Performance;

/// <summary>
/// An execution model priced by efficiency factors (the roofline): the factors it runs with, after its stack's entry,
/// the entry's derivation for the accelerator and precision, and the scenario's own overrides. What a fit of those
/// overrides starts from.
/// </summary>
public interface IEfficiencyPriced
{
    /// <summary>The factors every step is priced with.</summary>
    EfficiencyParams Efficiency { get; }
}
