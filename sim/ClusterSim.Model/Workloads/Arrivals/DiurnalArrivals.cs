using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Arrivals;

/// <summary>
/// A daily (or any periodic) cycle: a non-homogeneous Poisson process with the sinusoidal rate
/// <c>λ(t) = mean · (1 + a · cos(2π (t − peakAt) / period))</c>, where
/// <c>a = (peakToTrough − 1) / (peakToTrough + 1)</c> so that λ(peak) / λ(trough) is exactly the
/// ratio asked for and the mean over a period is exactly <c>meanRate</c>.
/// </summary>
/// <remarks>
/// Sampled by thinning (Lewis and Shedler, 1979): candidates from a homogeneous Poisson process at
/// the peak rate, each kept with probability λ(t) / λ(peak). That is exact, not a discretisation,
/// and the process is memoryless, so it can restart from any time and needs no state.
/// </remarks>
public sealed class DiurnalArrivals : IArrivalProcess
{
    private readonly double _amplitude;
    private readonly double _peakRate;
    private readonly double _omega;

    /// <param name="meanRate">Mean over one period, requests per second.</param>
    /// <param name="peakToTrough">λ at the peak over λ at the trough, at least 1 (1 is Poisson);
    /// positive infinity makes the trough rate zero.</param>
    /// <param name="periodSeconds">Length of one cycle (a day by default).</param>
    /// <param name="peakAtSeconds">Time of a peak; troughs fall half a period later.</param>
    public DiurnalArrivals(double meanRate, double peakToTrough, double periodSeconds = 86_400, double peakAtSeconds = 0)
    {
        if (!(meanRate > 0) || double.IsInfinity(meanRate))
        {
            throw new ArgumentOutOfRangeException(nameof(meanRate), meanRate, "mean rate must be positive and finite");
        }

        if (!(peakToTrough >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(peakToTrough), peakToTrough, "peak-to-trough ratio must be at least 1");
        }

        if (!(periodSeconds > 0) || double.IsInfinity(periodSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(periodSeconds), periodSeconds, "period must be positive and finite");
        }

        if (!double.IsFinite(peakAtSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(peakAtSeconds), peakAtSeconds, "peak time must be finite");
        }

        MeanRate = meanRate;
        PeakToTrough = peakToTrough;
        PeriodSeconds = periodSeconds;
        PeakAtSeconds = peakAtSeconds;
        _amplitude = double.IsPositiveInfinity(peakToTrough) ? 1.0 : (peakToTrough - 1) / (peakToTrough + 1);
        _peakRate = meanRate * (1 + _amplitude);
        _omega = 2 * Math.PI / periodSeconds;
    }

    public double MeanRate { get; }

    public double PeakToTrough { get; }

    public double PeriodSeconds { get; }

    public double PeakAtSeconds { get; }

    public double PeakRate => _peakRate;

    public double TroughRate => MeanRate * (1 - _amplitude);

    /// <summary>The instantaneous rate λ(t), requests per second.</summary>
    public double RateAt(double seconds) => MeanRate * (1 + _amplitude * Math.Cos(_omega * (seconds - PeakAtSeconds)));

    public double NextGapSeconds(SimRandom rng, double nowSeconds)
    {
        var t = nowSeconds;
        while (true)
        {
            t += rng.NextExponential(_peakRate);

            // Keep with probability λ(t)/λmax: U in [0, 1) is below it with exactly that chance.
            if (rng.NextDouble() * _peakRate < RateAt(t))
            {
                return t - nowSeconds;
            }
        }
    }
}
