namespace ClusterSim.Scenarios;

/// <summary>
/// Cooling and its PUE model: PUE = Pue at full IT load while the outside temperature is at most
/// FreeCoolingC, plus PuePerC for each degree above; FixedOverhead is the share of the overhead
/// (PUE - 1) that does not fall with IT load.
/// </summary>
public sealed record CoolingSpec(CoolingKind Kind, double Pue, double FreeCoolingC, double PuePerC, double FixedOverhead);
