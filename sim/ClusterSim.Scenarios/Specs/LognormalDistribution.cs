namespace ClusterSim.Scenarios;

/// <summary>Lognormal given by its mean and coefficient of variation.</summary>
/// <param name="MeanValue">Mean of the distribution (not of its logarithm).</param>
/// <param name="Cv">Standard deviation divided by the mean.</param>
public sealed record LognormalDistribution(double MeanValue, double Cv, double? Min, double? Max) : DistributionSpec
{
    public override double? Mean => MeanValue;

    /// <summary>sigma of the underlying normal: sqrt(ln(1 + cv^2)).</summary>
    public double Sigma => Math.Sqrt(Math.Log(1 + Cv * Cv));

    /// <summary>mu of the underlying normal: ln(mean) - sigma^2 / 2.</summary>
    public double Mu => Math.Log(MeanValue) - Sigma * Sigma / 2;
}
