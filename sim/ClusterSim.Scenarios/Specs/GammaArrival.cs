namespace ClusterSim.Scenarios;

/// <summary>Renewal process with gamma gaps: shape 1/cv^2, mean 1/rate.</summary>
public sealed record GammaArrival(double Rate, double Cv) : ArrivalSpec
{
    public override double? MeanRate => Rate;
}
