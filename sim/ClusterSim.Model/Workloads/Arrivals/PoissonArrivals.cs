using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Arrivals;

/// <summary>Poisson arrivals: exponential gaps with the given rate (CV 1).</summary>
public sealed class PoissonArrivals : IArrivalProcess
{
    public PoissonArrivals(double rate)
    {
        if (!(rate > 0) || double.IsInfinity(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "rate must be positive and finite");
        }

        MeanRate = rate;
    }

    public double MeanRate { get; }

    public double NextGapSeconds(SimRandom rng, double nowSeconds) => rng.NextExponential(MeanRate);
}
