namespace ClusterSim.Scenarios;

public sealed record PoissonArrival(double Rate) : ArrivalSpec
{
    public override double? MeanRate => Rate;
}
