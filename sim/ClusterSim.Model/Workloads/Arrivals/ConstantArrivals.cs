using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Arrivals;

/// <summary>Evenly spaced arrivals (CV 0): a closed benchmark loop or a frame clock.</summary>
public sealed class ConstantArrivals : IArrivalProcess
{
    public ConstantArrivals(double rate)
    {
        if (!(rate > 0) || double.IsInfinity(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "rate must be positive and finite");
        }

        MeanRate = rate;
    }

    public double MeanRate { get; }

    public double NextGapSeconds(SimRandom rng, double nowSeconds) => 1.0 / MeanRate;
}
