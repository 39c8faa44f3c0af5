using ClusterSim.Analysis.Statistics;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Analysis.Tests.Statistics;

public sealed class ReplicationsTests
{
    [Theory]
    // Two-sided 95 % and 99 % critical values from the NIST/SEMATECH e-Handbook, table 1.3.6.7.2.
    [InlineData(0.975, 1, 12.706)]
    [InlineData(0.975, 2, 4.303)]
    [InlineData(0.975, 4, 2.776)]
    [InlineData(0.975, 9, 2.262)]
    [InlineData(0.975, 30, 2.042)]
    [InlineData(0.995, 4, 4.604)]
    public void T_quantiles_match_the_published_table(double p, int dof, double table)
    {
        Assert.Equal(table, Replications.TQuantile(p, dof), 3);
    }

    [Fact]
    public void Interval_of_one_to_five_matches_the_hand_calculation()
    {
        // mean 3; s^2 = (4+1+0+1+4)/4 = 2.5; standard error sqrt(2.5/5) = 0.70711; t(0.975, 4) = 2.77645.
        var ci = Replications.Interval([1, 2, 3, 4, 5]);
        Assert.Equal(3, ci.Mean, 12);
        Assert.Equal(2.776445 * Math.Sqrt(0.5), ci.HalfWidth, 5);
        Assert.Equal(5, ci.Count);
        Assert.Equal(0.95, ci.Level);
        Assert.True(ci.Contains(3 + 1.96) && !ci.Contains(3 + 1.97));
    }

    [Fact]
    public void A_higher_level_gives_a_wider_interval()
    {
        double[] values = [10.2, 9.7, 10.9, 10.1];
        Assert.True(Replications.Interval(values, 0.99).HalfWidth > Replications.Interval(values, 0.95).HalfWidth);
        Assert.True(Replications.Interval(values, 0.95).HalfWidth > Replications.Interval(values, 0.80).HalfWidth);
    }

    [Fact]
    public void One_replication_has_a_mean_but_no_half_width()
    {
        var ci = Replications.Interval([4.5]);
        Assert.Equal(4.5, ci.Mean);
        Assert.False(ci.HasHalfWidth);
        Assert.False(ci.Contains(4.5));
    }

    [Fact]
    public void Equal_values_give_a_zero_half_width_and_a_nan_value_poisons_the_interval()
    {
        Assert.Equal(0, Replications.Interval([2.0, 2.0, 2.0]).HalfWidth);
        Assert.True(double.IsNaN(Replications.Interval([1.0, double.NaN, 2.0]).Mean));
    }

    [Fact]
    public void Intervals_from_three_normal_replications_cover_the_true_mean_95_percent_of_the_time()
    {
        // 4,000 intervals of n = 3 draws from N(10, 2^2): if the t interval is right, the number
        // covering 10 is Binomial(4000, 0.95), mean 3,800, sd 13.8; ±70 is five standard deviations.
        // A z interval (1.96 instead of 4.30) would cover only about 0.73 of the time.
        var random = new Random(20260101);
        var covered = 0;
        const int Trials = 4000;
        for (var i = 0; i < Trials; i++)
        {
            var values = new double[3];
            for (var k = 0; k < values.Length; k++)
            {
                // Box-Muller: an exact normal draw from two uniforms.
                var u1 = 1 - random.NextDouble();
                var u2 = random.NextDouble();
                values[k] = 10 + (2 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }

            if (Replications.Interval(values).Contains(10))
            {
                covered++;
            }
        }

        Assert.InRange(covered, 3800 - 70, 3800 + 70);
    }

    [Fact]
    public void A_percentile_interval_is_over_each_replications_percentile()
    {
        // Replication k holds 1..100 ms scaled by k: its nearest-rank p99 is 99 k ms, reported within
        // the histogram's 0.39 %, so the p99s are 99, 198 and 297 ms.
        var histograms = Enumerable.Range(1, 3).Select(k =>
        {
            var h = new LatencyHistogram();
            for (var v = 1; v <= 100; v++)
            {
                h.Record(v * k * 1_000_000L);
            }

            return h;
        }).ToList();
        var ci = Replications.Percentile(histograms, 99);
        Assert.Equal(0.198, ci.Mean, 0.198 * 0.004);
        var exact = Replications.Interval([0.099, 0.198, 0.297]);
        Assert.Equal(exact.HalfWidth, ci.HalfWidth, exact.HalfWidth * 0.01);
    }

    [Fact]
    public void Replication_seeds_count_up_from_the_base_seed()
    {
        Assert.Equal([7UL, 8UL, 9UL], Enumerable.Range(0, 3).Select(i => Replications.Seed(7, i)).ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(95.0)]
    public void A_level_outside_zero_to_one_is_refused(double level)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Replications.Interval([1.0, 2.0], level));
    }
}
