namespace ClusterSim.Engine.Monitoring;

/// <summary>
/// Statistics of a series of observations (waiting times, say): count, mean and variance by
/// Welford's update (numerically stable over millions of samples), min and max; percentiles only
/// when asked to keep the samples. Components hold a nullable reference, so an unattached
/// monitor costs one null check.
/// </summary>
public sealed class SampleMonitor
{
    private List<double>? _samples;
    private double[]? _sorted;
    private double _mean;
    private double _m2;

    public SampleMonitor(bool keepSamples = false, string? name = null)
    {
        Name = name;
        if (keepSamples)
        {
            _samples = new List<double>();
        }
    }

    public string? Name { get; }

    public long Count { get; private set; }

    public double Mean => Count == 0 ? double.NaN : _mean;

    public double Sum { get; private set; }

    /// <summary>Sample variance (n - 1 in the denominator).</summary>
    public double Variance => Count < 2 ? double.NaN : _m2 / (Count - 1);

    public double StdDev => Math.Sqrt(Variance);

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public bool KeepsSamples => _samples is not null;

    public void Add(double value)
    {
        Count++;
        Sum += value;
        var delta = value - _mean;
        _mean += delta / Count;
        _m2 += delta * (value - _mean);
        if (value < Min)
        {
            Min = value;
        }

        if (value > Max)
        {
            Max = value;
        }

        if (_samples is not null)
        {
            _samples.Add(value);
            _sorted = null;
        }
    }

    /// <summary>Percentile p in [0, 100] by linear interpolation between order statistics.</summary>
    public double Percentile(double p)
    {
        if (_samples is null)
        {
            throw new InvalidOperationException("Percentiles need a monitor created with keepSamples: true.");
        }

        if (_samples.Count == 0)
        {
            return double.NaN;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 100);
        if (_sorted is null)
        {
            _sorted = _samples.ToArray();
            Array.Sort(_sorted);
        }

        var rank = p / 100.0 * (_sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(lo + 1, _sorted.Length - 1);
        return _sorted[lo] + (rank - lo) * (_sorted[hi] - _sorted[lo]);
    }

    /// <summary>One line for a report: count, mean, standard deviation, min, max and (with samples) median and p95.</summary>
    public string Summarize()
    {
        var text = FormattableString.Invariant($"{Name ?? "samples"}: n {Count}, mean {Mean:G6}, sd {StdDev:G6}, min {Min:G6}, max {Max:G6}");
        return _samples is null || Count == 0
            ? text
            : text + FormattableString.Invariant($", p50 {Percentile(50):G6}, p95 {Percentile(95):G6}");
    }

    public void Reset()
    {
        Count = 0;
        Sum = 0;
        _mean = 0;
        _m2 = 0;
        Min = double.PositiveInfinity;
        Max = double.NegativeInfinity;
        _samples?.Clear();
        _sorted = null;
    }
}
