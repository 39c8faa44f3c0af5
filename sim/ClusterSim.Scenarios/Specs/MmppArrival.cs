namespace ClusterSim.Scenarios;

/// <summary>Two-state Markov-modulated Poisson process: calm at Rate, bursts at BurstRate.</summary>
/// <param name="BurstEverySeconds">Mean time in the calm state (exponential).</param>
/// <param name="BurstLengthSeconds">Mean time in the burst state (exponential).</param>
public sealed record MmppArrival(double Rate, double BurstRate, double BurstEverySeconds, double BurstLengthSeconds) : ArrivalSpec
{
    /// <summary>Time-weighted mean of the two rates.</summary>
    public override double? MeanRate
        => (Rate * BurstEverySeconds + BurstRate * BurstLengthSeconds) / (BurstEverySeconds + BurstLengthSeconds);
}
