namespace ClusterSim.Scenarios;

public sealed record ExponentialDistribution(double MeanValue, double? Min, double? Max) : DistributionSpec
{
    public override double? Mean => MeanValue;
}
