using MathNet.Numerics.Distributions;

namespace ClusterSim.Model.Performance;

/// <summary>
/// How unevenly routed tokens load the ranks of an expert-parallel group, and the step waits for the busiest one. Two
/// causes, added as variances:
/// <list type="bullet">
/// <item>Each token's choice: with the experts equally popular and spread evenly, each of n token-to-expert assignments
/// lands on one of ep ranks with probability 1/ep, so a rank's load is Binomial(n, 1/ep).</item>
/// <item>The experts' popularity (<see cref="ExpertPopularity"/>): a rank holding g = E / ep experts whose shares of the
/// traffic have a coefficient of variation cv carries a share whose coefficient of variation is cv x sqrt((1 - 1/ep) / g)
/// (g independent shares, less the finite-population part).</item>
/// </list>
/// With uniform routing the busiest rank's expectation is mean + c(ep) standard deviations, c(ep) the expected maximum of
/// ep standard normals (0.56 for 2, 1.03 for 4, 1.42 for 8, 1.77 for 16, 2.07 for 32). With skewed popularity a rank's
/// load is taken as gamma-distributed with its mean and variance (a sum of skewed shares is skewed to the right: a
/// normal tail fell 11 % short of sampled loads at 8 experts a rank), and the busiest is the expected maximum of ep such
/// loads (<see cref="RankTail"/>). A few very hot experts make the tail heavier still, so the
/// rank holding the hottest expert (h times the mean) beside g - 1 others of the rest's mean is a floor:
/// (h + (g - 1)(E - h)/(E - 1)) / g times the mean load. ExpertLoadTests holds both against sampled routing. Never below
/// an even share rounded up, never above n.
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
    public static double Busiest(double assignments, int ranks)
        => Busiest(assignments, ranks, 0, ExpertPopularity.Uniform);

    /// <summary>
    /// Expected assignments on the busiest of <paramref name="ranks"/> ranks holding <paramref name="experts"/> routed
    /// experts (evenly, whole) whose popularity is <paramref name="popularity"/>.
    /// </summary>
    public static double Busiest(double assignments, int ranks, int experts, ExpertPopularity popularity)
        => Busiest(assignments, RankTail.For(ranks), experts, popularity);

    /// <summary>As above, with the rank count's tail table already at hand (the step pricer keeps it).</summary>
    public static double Busiest(double assignments, RankTail tail, int experts, ExpertPopularity popularity)
    {
        var ranks = tail.Ranks;
        if (ranks <= 1 || assignments <= 0)
        {
            return Math.Max(0, assignments);
        }

        var p = 1.0 / ranks;
        var mean = assignments * p;
        var variance = assignments * p * (1 - p);
        var hottest = mean;
        if (experts >= ranks && !popularity.IsUniform)
        {
            var perRank = (double)experts / ranks;
            var shareCv = popularity.Cv * Math.Sqrt((1 - p) / perRank);
            variance += mean * shareCv * (mean * shareCv);
            var h = Math.Min(popularity.HottestRatio, experts);
            hottest = mean * (h + (perRank - 1) * (experts - h) / (experts - 1)) / perRank;
        }

        // Some rank holds at least an even share, rounded up (the approximation can fall below it at a few assignments).
        // Uniform routing keeps the normal tail: a binomial's is near normal from ten a rank, and below that the floor
        // holds (a gamma would put 3 assignments over 64 ranks at 2 on the busiest, where they almost never share one).
        var deviations = popularity.IsUniform || experts < ranks
            ? tail.Normal
            : tail.StandardDeviations(mean * mean / variance);
        var expected = mean + deviations * Math.Sqrt(variance);
        return Math.Min(assignments, Math.Max(Math.Ceiling(mean), Math.Max(expected, hottest)));
    }
}
