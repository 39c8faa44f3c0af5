using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Arrivals;

/// <summary>
/// A non-homogeneous Poisson process whose rate is constant within each bin of a repeating
/// profile (by default 24 one-hour bins: a measured day). Sampled exactly by inverting the
/// integrated rate: a unit exponential is spent bin by bin until it runs out, so bins with rate
/// zero get no arrivals and no bin boundary is approximated.
/// </summary>
public sealed class HourlyProfileArrivals : IArrivalProcess
{
    private readonly double[] _rates;
    private readonly double _periodMass;

    /// <param name="ratesPerSecond">The rate in each bin, requests per second (non-negative, not all zero).</param>
    /// <param name="binSeconds">Length of one bin (an hour by default); the profile repeats after all bins.</param>
    public HourlyProfileArrivals(IReadOnlyList<double> ratesPerSecond, double binSeconds = 3600)
    {
        ArgumentNullException.ThrowIfNull(ratesPerSecond);
        if (ratesPerSecond.Count == 0)
        {
            throw new ArgumentException("a profile needs at least one bin", nameof(ratesPerSecond));
        }

        if (!(binSeconds > 0) || double.IsInfinity(binSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(binSeconds), binSeconds, "bin length must be positive and finite");
        }

        _rates = new double[ratesPerSecond.Count];
        for (var i = 0; i < _rates.Length; i++)
        {
            var rate = ratesPerSecond[i];
            if (!(rate >= 0) || double.IsInfinity(rate))
            {
                throw new ArgumentOutOfRangeException(nameof(ratesPerSecond), rate, $"bin {i}: rate must be non-negative and finite");
            }

            _rates[i] = rate;
        }

        BinSeconds = binSeconds;
        PeriodSeconds = binSeconds * _rates.Length;
        MeanRate = _rates.Average();
        if (!(MeanRate > 0))
        {
            throw new ArgumentException("at least one bin must have a positive rate", nameof(ratesPerSecond));
        }

        _periodMass = MeanRate * PeriodSeconds;
        var min = _rates.Min();
        PeakToTrough = min > 0 ? _rates.Max() / min : double.PositiveInfinity;
    }

    /// <summary>A profile of relative levels (any positive scale) rescaled to the given mean rate.</summary>
    public static HourlyProfileArrivals FromShape(double meanRate, IReadOnlyList<double> relativeLevels, double binSeconds = 3600)
    {
        ArgumentNullException.ThrowIfNull(relativeLevels);
        if (!(meanRate > 0) || double.IsInfinity(meanRate))
        {
            throw new ArgumentOutOfRangeException(nameof(meanRate), meanRate, "mean rate must be positive and finite");
        }

        var levelMean = relativeLevels.Count > 0 ? relativeLevels.Average() : 0;
        if (!(levelMean > 0) || double.IsInfinity(levelMean))
        {
            throw new ArgumentException("relative levels must be non-negative, finite and not all zero", nameof(relativeLevels));
        }

        return new HourlyProfileArrivals(relativeLevels.Select(l => l / levelMean * meanRate).ToArray(), binSeconds);
    }

    public double MeanRate { get; }

    public double BinSeconds { get; }

    public double PeriodSeconds { get; }

    /// <summary>Highest bin rate over lowest (infinite when a bin is empty).</summary>
    public double PeakToTrough { get; }

    public IReadOnlyList<double> Rates => _rates;

    public double RateAt(double seconds) => _rates[BinOf(PhaseOf(seconds))];

    public double NextGapSeconds(SimRandom rng, double nowSeconds)
    {
        var mass = rng.NextExponential(1.0);
        var elapsed = 0.0;

        // Whole periods carry exactly the period's mass wherever they start: skip them at once.
        if (mass >= _periodMass)
        {
            var periods = Math.Floor(mass / _periodMass);
            mass -= periods * _periodMass;
            elapsed += periods * PeriodSeconds;
        }

        var position = PhaseOf(nowSeconds);
        var bin = BinOf(position);
        while (true)
        {
            var binEnd = (bin + 1) * BinSeconds;
            var remaining = Math.Max(0, binEnd - position);
            var binMass = _rates[bin] * remaining;
            if (mass < binMass)
            {
                return elapsed + mass / _rates[bin];
            }

            mass -= binMass;
            elapsed += remaining;
            position = binEnd;
            if (++bin == _rates.Length)
            {
                bin = 0;
                position = 0;
            }
        }
    }

    private double PhaseOf(double seconds)
    {
        var phase = seconds % PeriodSeconds;
        return phase < 0 ? phase + PeriodSeconds : phase;
    }

    private int BinOf(double phase) => Math.Min(_rates.Length - 1, (int)(phase / BinSeconds));
}
