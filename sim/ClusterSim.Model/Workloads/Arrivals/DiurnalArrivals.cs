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
/// and the process is memoryless, so it can restart from any time; the one thing it keeps, the rate at a recent
/// time, only spares cosines and never changes a draw.
/// </remarks>
public sealed class DiurnalArrivals : IArrivalProcess
{
    private readonly double _amplitude;
    private readonly double _peakRate;
    private readonly double _omega;
    private readonly double _slope; // the most λ changes per second: mean · a · ω
    private RateAnchor? _anchor;

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
        _slope = meanRate * _amplitude * _omega;
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
            if (Keeps(rng.NextDouble() * _peakRate, t))
            {
                return t - nowSeconds;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="threshold"/> &lt; λ(<paramref name="seconds"/>), nearly always without a cosine: λ moves
    /// by at most mean · a · ω per second, so from the rate at the last time it was worked out, a candidate far enough
    /// below or above it is decided by that bound. The margin adds a billionth of the peak rate, far above the rounding
    /// of either evaluated rate (a few units in the last place), so every decision is the one <see cref="RateAt"/> gives;
    /// the others work the rate out and keep it as the new anchor.
    /// </summary>
    private bool Keeps(double threshold, double seconds)
    {
        var anchor = _anchor; // one reference, read once: its time and rate always belong together
        if (anchor is not null)
        {
            var margin = (_slope * Math.Abs(seconds - anchor.Seconds)) + (1e-9 * _peakRate);
            if (threshold < anchor.Rate - margin)
            {
                return true;
            }

            if (threshold >= anchor.Rate + margin)
            {
                return false;
            }
        }

        var rate = RateAt(seconds);
        _anchor = new RateAnchor(seconds, rate);
        return threshold < rate;
    }

    private sealed record RateAnchor(double Seconds, double Rate);
}
