using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads.Arrivals;

namespace ClusterSim.Model.Tests.Workloads;

public sealed class HourlyProfileArrivalsTests
{
    // A day of relative load with a dead hour (3 am) so exact zero-rate handling is checked.
    private static readonly double[] Levels =
        [4, 3, 2, 0, 1, 1, 2, 4, 7, 9, 10, 10, 9, 9, 10, 10, 9, 8, 8, 9, 10, 9, 7, 5];

    private const double MeanRate = 0.2;
    private const int Days = 40;

    private static readonly HourlyProfileArrivals Profile = HourlyProfileArrivals.FromShape(MeanRate, Levels);

    private static readonly List<double> Times = Stat.ArrivalsUntil(Profile, new SimRandom(31), Days * 86_400.0);

    [Fact]
    public void Count_over_whole_days_matches_the_mean_rate()
    {
        var expected = MeanRate * Days * 86_400;
        var se = Math.Sqrt(expected);
        Stat.Resolves(expected, se, 0.01, "profile count");
        Stat.Near(expected, Times.Count, se, "profile count");
    }

    [Fact]
    public void Each_hour_gets_its_share_and_the_dead_hour_none()
    {
        var levelMean = Levels.Average();
        var observed = new long[24];
        foreach (var t in Times)
        {
            observed[(int)(t % 86_400 / 3600)]++;
        }

        Assert.Equal(0, observed[3]);
        var live = Enumerable.Range(0, 24).Where(h => Levels[h] > 0).ToArray();
        var expected = live.Select(h => Days * 3600 * MeanRate * Levels[h] / levelMean).ToArray();
        Stat.ChiSquareFits(live.Select(h => observed[h]).ToArray(), expected, "hourly shape");
    }

    [Fact]
    public void Peak_to_trough_of_live_hours_matches_the_profile()
    {
        // Peak hours (level 10) against the quietest live hours (level 1): ratio 10.
        var peakHours = Enumerable.Range(0, 24).Where(h => Levels[h] == 10).ToHashSet();
        var troughHours = Enumerable.Range(0, 24).Where(h => Levels[h] == 1).ToHashSet();
        var perLevel = Days * 3600 * MeanRate / Levels.Average();
        var expectedPeak = perLevel * 10 * peakHours.Count;
        var expectedTrough = perLevel * 1 * troughHours.Count;

        var peak = Times.Count(t => peakHours.Contains((int)(t % 86_400 / 3600)));
        var trough = Times.Count(t => troughHours.Contains((int)(t % 86_400 / 3600)));
        var ratio = peak / (double)peakHours.Count / (trough / (double)troughHours.Count);
        var se = 10 * Math.Sqrt(1 / expectedPeak + 1 / expectedTrough);

        Stat.Resolves(10, se, 0.1, "hourly peak-to-trough");
        Stat.Near(10, ratio, se, "hourly peak-to-trough");
        Assert.Equal(double.PositiveInfinity, Profile.PeakToTrough);
    }

    [Fact]
    public void A_sparse_profile_whose_gaps_span_whole_days_keeps_its_rate()
    {
        // About one arrival every five days: most gaps skip whole periods at once.
        var sparse = HourlyProfileArrivals.FromShape(1.0 / (5 * 86_400), Levels);
        var gaps = Stat.Gaps(sparse, seed: 32, n: 100_000);

        // Gaps of a cyclic process are not independent, so the error comes from batch means.
        var truth = 5 * 86_400.0;
        var (mean, se) = Stat.BatchEstimate(gaps, 100, g => Stat.Mean(g));
        Stat.Resolves(truth, se, 0.02, "sparse mean gap");
        Stat.Near(truth, mean, se, "sparse mean gap");
    }

    [Fact]
    public void Profiles_without_any_load_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new HourlyProfileArrivals(new double[24]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HourlyProfileArrivals([1, -1]));
    }
}
