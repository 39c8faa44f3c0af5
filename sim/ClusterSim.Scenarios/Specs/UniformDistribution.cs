namespace ClusterSim.Scenarios;

/// <summary>Uniform on [Min, Max]; for token counts, integers in that range with equal probability.</summary>
public sealed record UniformDistribution(double Min, double Max) : DistributionSpec
{
    public override double? Mean => (Min + Max) / 2;
}
