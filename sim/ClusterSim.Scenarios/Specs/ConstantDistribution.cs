namespace ClusterSim.Scenarios;

public sealed record ConstantDistribution(double Value) : DistributionSpec
{
    public override double? Mean => Value;
}
