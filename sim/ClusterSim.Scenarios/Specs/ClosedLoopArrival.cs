namespace ClusterSim.Scenarios;

/// <summary>Closed loop: Users users, each sending a request a think time after its previous response.</summary>
/// <param name="ThinkTime">Distribution of think times in seconds.</param>
public sealed record ClosedLoopArrival(int Users, DistributionSpec ThinkTime) : ArrivalSpec
{
    public override double? MeanRate => null;
}
