namespace ClusterSim.Model.Performance;

/// <summary>One entry of the efficiency parameter file: the factors and the comments that say where they came from.</summary>
public sealed record CalibrationEntry(EfficiencyParams Parameters, IReadOnlyList<string> Comments);
