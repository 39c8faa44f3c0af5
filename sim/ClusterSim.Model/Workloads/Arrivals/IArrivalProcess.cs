using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Arrivals;

/// <summary>An arrival process: the gap to the next arrival, given the current time.</summary>
public interface IArrivalProcess
{
    /// <summary>Mean rate in requests per second (over a period, for time-varying processes).</summary>
    double MeanRate { get; }

    /// <summary>Seconds from <paramref name="nowSeconds"/> to the next arrival.</summary>
    double NextGapSeconds(SimRandom rng, double nowSeconds);
}
