using ClusterSim.Model.Metrics;
using MathNet.Numerics.Distributions;

namespace ClusterSim.Analysis.Statistics;

/// <summary>
/// Independent replications of a run (seeds <c>seed, seed+1, ...</c>) summarised by Student-t
/// confidence intervals: the replication/deletion method. Each replication gives one value of a
/// figure (a mean latency, a p99, a throughput); the values are independent and, by the central
/// limit theorem for means and the asymptotic normality of sample quantiles, close to normal, so
/// <c>mean ± t · s / √n</c> covers the figure's expectation at the stated level.
/// </summary>
/// <remarks>
/// A percentile's interval is built from the per-replication percentiles, not from one merged
/// histogram: the merged histogram's percentile is a single number with no spread to measure.
/// What the interval covers is the expected p99 of a run of this length, which for short runs
/// differs slightly from the steady-state p99 (quantile estimators are biased at small counts).
/// </remarks>
public static class Replications
{
    /// <summary>The seed of replication <paramref name="index"/> (0-based): <c>baseSeed + index</c>.</summary>
    public static ulong Seed(ulong baseSeed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return unchecked(baseSeed + (ulong)index);
    }

    /// <summary>
    /// The two-sided Student-t interval for the mean of <paramref name="values"/>. A NaN value
    /// (a figure a replication could not measure) makes the mean and half-width NaN.
    /// </summary>
    /// <param name="values">One value per replication.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    public static ConfidenceInterval Interval(IReadOnlyList<double> values, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckLevel(level);
        var n = values.Count;
        if (n == 0)
        {
            return new ConfidenceInterval(double.NaN, double.NaN, 0, level);
        }

        // Two passes (mean, then squared deviations) rather than the sum-of-squares shortcut,
        // which cancels catastrophically when the spread is tiny next to the mean.
        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= n;
        if (n < 2 || double.IsNaN(mean))
        {
            return new ConfidenceInterval(mean, double.NaN, n, level);
        }

        var squares = 0.0;
        foreach (var v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        var standardError = Math.Sqrt(squares / (n - 1) / n);
        return new ConfidenceInterval(mean, TQuantile(1 - (1 - level) / 2, n - 1) * standardError, n, level);
    }

    /// <summary>
    /// The interval of a percentile across replications: each histogram's nearest-rank percentile
    /// (in seconds) is one value.
    /// </summary>
    public static ConfidenceInterval Percentile(IReadOnlyList<LatencyHistogram> replications, double percentile, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(replications);
        return Interval(replications.Select(h => h.ValueAtPercentile(percentile) / 1e9).ToArray(), level);
    }

    /// <summary>The quantile of Student's t distribution with <paramref name="degreesOfFreedom"/> at probability <paramref name="p"/>.</summary>
    public static double TQuantile(double p, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        if (!(p is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "expected a probability strictly between 0 and 1");
        }

        return StudentT.InvCDF(0, 1, degreesOfFreedom, p);
    }

    private static void CheckLevel(double level)
    {
        if (!(level is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "expected a confidence level strictly between 0 and 1, e.g. 0.95");
        }
    }
}
