using ClusterSim.Engine.Randomness;
using MathNet.Numerics.Distributions;

namespace ClusterSim.Model.Workloads.Arrivals;

/// <summary>
/// Renewal arrivals with Gamma gaps of the given rate and coefficient of variation: shape
/// 1/CV^2, so CV above 1 gives bursty traffic (the Azure code trace has CV 13) and below 1
/// smoother than Poisson.
/// </summary>
public sealed class GammaArrivals : IArrivalProcess
{
    private readonly double _shape;
    private readonly double _rateParameter;

    public GammaArrivals(double rate, double cv)
    {
        if (!(rate > 0) || !(cv > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), "rate and cv must be positive");
        }

        MeanRate = rate;
        Cv = cv;
        _shape = 1.0 / (cv * cv);
        _rateParameter = _shape * rate; // mean gap = shape / rateParameter = 1 / rate
    }

    public double MeanRate { get; }

    public double Cv { get; }

    public double NextGapSeconds(SimRandom rng, double nowSeconds) => Gamma.Sample(rng, _shape, _rateParameter);
}
