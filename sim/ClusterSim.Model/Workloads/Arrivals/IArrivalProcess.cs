using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Arrivals;

/// <summary>
/// An arrival process: the gap to the next arrival, given the current time. The time is passed in
/// so time-varying processes (diurnal, hourly profile) know where they are in their cycle.
/// </summary>
/// <remarks>
/// Contract: call with <c>nowSeconds</c> equal to the previous arrival time (the previous
/// <c>nowSeconds</c> plus the gap returned), never going backwards. Processes with state (the
/// two-state MMPP, a superposition) keep it in the instance, so one instance serves exactly one
/// stream; they throw <see cref="InvalidOperationException"/> if time goes backwards, which is
/// what sharing an instance between two streams looks like.
/// </remarks>
public interface IArrivalProcess
{
    /// <summary>Mean rate in requests per second (over a period, for time-varying processes).</summary>
    double MeanRate { get; }

    /// <summary>Seconds from <paramref name="nowSeconds"/> to the next arrival.</summary>
    double NextGapSeconds(SimRandom rng, double nowSeconds);
}
