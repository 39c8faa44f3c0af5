namespace ClusterSim.Scenarios;

/// <summary>One arrival every 1/Rate seconds.</summary>
public sealed record ConstantArrival(double Rate) : ArrivalSpec
{
    public override double? MeanRate => Rate;
}
