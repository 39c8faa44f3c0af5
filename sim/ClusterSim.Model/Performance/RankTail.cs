using System.Collections.Concurrent;
using MathNet.Numerics.Distributions;

namespace ClusterSim.Model.Performance;

/// <summary>
/// The expected maximum of a number of independent gamma-distributed loads of equal mean, in standard deviations above
/// the mean, as a function of the gamma's shape (mean squared over variance): tabulated once per rank count on a log
/// grid of shapes and interpolated, so a step's price does not integrate. A large shape is the normal limit. The table
/// is built on first use (uniform routing needs only <see cref="Normal"/>).
/// </summary>
internal sealed class RankTail
{
    private const double LogLowest = -1;   // shape 0.1: a coefficient of variation of 3.2
    private const double LogHighest = 4;   // shape 10,000: skewness 0.02, the normal limit within 0.01 standard deviations
    private const int Points = 41;
    private static readonly ConcurrentDictionary<int, RankTail> Cache = new();
    private readonly Lazy<double[]> _deviations;

    private RankTail(int ranks)
    {
        Ranks = ranks;
        Normal = ExpertLoad.ExpectedMaxOfNormals(ranks);
        _deviations = new Lazy<double[]>(() => Enumerable.Range(0, Points)
            .Select(i => GammaMaxDeviations(ranks, Math.Pow(10, LogLowest + i * (LogHighest - LogLowest) / (Points - 1))))
            .ToArray());
    }

    /// <summary>How many loads the maximum is over.</summary>
    public int Ranks { get; }

    /// <summary>The normal limit: the expected maximum of as many standard normals.</summary>
    public double Normal { get; }

    /// <summary>The table for <paramref name="ranks"/> loads (built once per process).</summary>
    public static RankTail For(int ranks) => Cache.GetOrAdd(ranks, r => new RankTail(r));

    /// <summary>Expected maximum less the mean, in standard deviations, for loads of gamma shape <paramref name="shape"/>.</summary>
    public double StandardDeviations(double shape)
    {
        if (double.IsNaN(shape) || shape >= Math.Pow(10, LogHighest))
        {
            return Normal;
        }

        var x = (Math.Log10(Math.Max(shape, Math.Pow(10, LogLowest))) - LogLowest) / (LogHighest - LogLowest) * (Points - 1);
        var i = Math.Min(Points - 2, (int)x);
        var f = x - i;
        var table = _deviations.Value;
        return table[i] + f * (table[i + 1] - table[i]);
    }

    /// <summary>
    /// (E[max of m Gamma(a, rate a)] - 1) x sqrt(a): the loads have mean 1 and standard deviation 1 / sqrt(a), and for a
    /// nonnegative maximum E[max] = integral over x >= 0 of 1 - F(x)^m (Simpson's rule, to where the tail is spent).
    /// </summary>
    internal static double GammaMaxDeviations(int m, double a)
    {
        if (m <= 1)
        {
            return 0;
        }

        var sd = 1 / Math.Sqrt(a);
        var lo = Math.Max(0, 1 - 8 * sd);
        var hi = 1 + 14 * sd + 40 / a;
        const int n = 4_000;
        var h = (hi - lo) / n;
        var sum = 0.0;
        for (var i = 0; i <= n; i++)
        {
            var x = lo + i * h;
            var f = 1 - Math.Pow(Gamma.CDF(a, a, x), m);
            sum += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * f;
        }

        // Below lo the maximum is almost surely higher: the integrand is 1 there.
        var expectedMax = lo + sum * h / 3;
        return (expectedMax - 1) / sd;
    }
}
