namespace ClusterSim.Scenarios;

public sealed record NormalDistribution(double Mu, double Std, double? Min, double? Max) : DistributionSpec
{
    public override double? Mean => Mu;
}
