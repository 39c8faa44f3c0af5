using MathNet.Numerics.Distributions;

namespace ClusterSim.Model.Performance;

/// <summary>
/// How unevenly routed tokens load the ranks of an expert-parallel group. Each of n token-to-expert assignments lands
/// on one of ep ranks with probability 1/ep (routing uniform over experts, experts spread evenly), so a rank's load is
/// Binomial(n, 1/ep) and the step waits for the busiest one. Its expectation is taken in the normal approximation,
/// mean + c(ep) x standard deviation, with c(ep) the expected maximum of ep independent standard normals (0.56 for
/// 2, 1.03 for 4, 1.42 for 8, 1.77 for 16): a stated derivation, 1 to 3 % below sampled loads once a rank's mean load
/// is ten or more (tests/ClusterSim.Model.Tests/Performance/ExpertLoadTests.cs), never below an even share rounded up,
/// never above n. Real routers are less even than uniform (load-balancing losses only bound the skew), so this is the
/// least imbalance an expert-parallel deployment pays.
/// </summary>
internal static class ExpertLoad
{
    /// <summary>Expected maximum of <paramref name="m"/> independent standard normal variables (0 for one).</summary>
    public static double ExpectedMaxOfNormals(int m)
    {
        if (m <= 1)
        {
            return 0;
        }

        // E[max] = integral of x m phi(x) Phi(x)^(m-1) dx; the integrand is negligible beyond |x| = 10 for any m a
        // deployment has. Simpson's rule on 20,000 intervals is exact to well below 1e-9 here.
        const double lo = -10, hi = 10;
        const int n = 20_000;
        var h = (hi - lo) / n;
        double sum = 0;
        for (var i = 0; i <= n; i++)
        {
            var x = lo + i * h;
            var f = x * m * Normal.PDF(0, 1, x) * Math.Pow(Normal.CDF(0, 1, x), m - 1);
            sum += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * f;
        }

        return sum * h / 3;
    }

    /// <summary>Expected assignments on the busiest of <paramref name="ranks"/> ranks when <paramref name="assignments"/> land uniformly.</summary>
    public static double Busiest(double assignments, int ranks, double maxOfNormals)
    {
        if (ranks <= 1 || assignments <= 0)
        {
            return Math.Max(0, assignments);
        }

        // Some rank holds at least an even share, rounded up (the approximation falls below it at a few assignments).
        var p = 1.0 / ranks;
        var normal = assignments * p + maxOfNormals * Math.Sqrt(assignments * p * (1 - p));
        return Math.Min(assignments, Math.Max(Math.Ceiling(assignments * p), normal));
    }
}
