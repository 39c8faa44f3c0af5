using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads.Arrivals;
using MathNet.Numerics.Distributions;

namespace ClusterSim.Model.Tests.Workloads;

/// <summary>
/// Statistical checks with tolerances taken from each estimate's own standard error. Every check
/// allows <see cref="Z"/> standard errors: a correct implementation fails one with probability
/// 6.3e-5 (two-sided normal tail), and with fixed seeds the outcome is the same on every run.
/// Each test also states its resolution (how small an error it would catch), so that a loose
/// standard error cannot make a check vacuous.
/// </summary>
internal static class Stat
{
    public const double Z = 4.0;

    /// <summary>Upper tail probability matching <see cref="Z"/> standard errors, for chi-square tests.</summary>
    public static readonly double TailProbability = 2 * (1 - Normal.CDF(0, 1, Z));

    public static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    public static double Variance(ReadOnlySpan<double> values)
    {
        var mean = Mean(values);
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return sum / (values.Length - 1);
    }

    public static double Cv(ReadOnlySpan<double> values) => Math.Sqrt(Variance(values)) / Mean(values);

    /// <summary>
    /// The statistic over all values, with its standard error from batch means: the spread of the
    /// statistic over <paramref name="batches"/> equal consecutive batches, divided by √batches.
    /// </summary>
    public static (double Estimate, double StandardError) BatchEstimate(double[] values, int batches, Func<double[], double> statistic)
    {
        var size = values.Length / batches;
        var perBatch = new double[batches];
        for (var b = 0; b < batches; b++)
        {
            perBatch[b] = statistic(values[(b * size)..((b + 1) * size)]);
        }

        return (statistic(values), Math.Sqrt(Variance(perBatch) / batches));
    }

    /// <summary>Sample variance with its standard error sqrt((m4 − s⁴) / n), from the sample's own fourth moment.</summary>
    public static (double Variance, double StandardError) VarianceWithError(double[] values)
    {
        var mean = Mean(values);
        var variance = Variance(values);
        var m4 = values.Sum(v => Math.Pow(v - mean, 4)) / values.Length;
        return (variance, Math.Sqrt((m4 - variance * variance) / values.Length));
    }

    public static void Near(double truth, double estimate, double standardError, string what)
    {
        var z = (estimate - truth) / standardError;
        Assert.True(Math.Abs(z) <= Z,
            $"{what}: measured {estimate:G6}, exact {truth:G6}, off by {z:F2} standard errors (se {standardError:G3})");
    }

    /// <summary>Fails unless the test can see a relative error of <paramref name="relative"/>.</summary>
    public static void Resolves(double truth, double standardError, double relative, string what)
        => Assert.True(Z * standardError <= relative * Math.Abs(truth),
            $"{what}: {Z} standard errors ({Z * standardError:G3}) exceed {relative:P1} of {truth:G6}; the test needs more samples");

    /// <summary>Pearson's chi-square of observed counts against expected ones.</summary>
    public static void ChiSquareFits(long[] observed, double[] expected, string what)
    {
        var chi = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            chi += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
        }

        var dof = observed.Length - 1;
        var critical = ChiSquared.InvCDF(dof, 1 - TailProbability);
        Assert.True(chi <= critical, $"{what}: chi-square {chi:F1} with {dof} degrees of freedom exceeds {critical:F1}");
    }

    /// <summary>n consecutive gaps of a process started at time zero.</summary>
    public static double[] Gaps(IArrivalProcess process, ulong seed, int n)
    {
        var rng = new SimRandom(seed);
        var gaps = new double[n];
        var t = 0.0;
        for (var i = 0; i < n; i++)
        {
            gaps[i] = process.NextGapSeconds(rng, t);
            t += gaps[i];
        }

        return gaps;
    }

    /// <summary>All arrival times in [0, untilSeconds) of a process started at time zero.</summary>
    public static List<double> ArrivalsUntil(IArrivalProcess process, SimRandom rng, double untilSeconds)
    {
        var times = new List<double>();
        var t = 0.0;
        while (true)
        {
            t += process.NextGapSeconds(rng, t);
            if (t >= untilSeconds)
            {
                return times;
            }

            times.Add(t);
        }
    }
}
