using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads.Arrivals;

namespace ClusterSim.Model.Tests.Workloads;

public sealed class SuperposedArrivalsTests
{
    [Fact]
    public void Merging_two_clocks_gives_the_union_of_their_ticks()
    {
        // Ticks every 1/2 s and every 1/3 s: by hand, 1/3, 1/2, 2/3, 1, 1, 4/3, 3/2, 5/3, 2, 2.
        var merged = new SuperposedArrivals(new ConstantArrivals(2), new ConstantArrivals(3));
        double[] expected = [1.0 / 3, 0.5, 2.0 / 3, 1, 1, 4.0 / 3, 1.5, 5.0 / 3, 2, 2];
        int[] sources = [1, 0, 1, 0, 1, 1, 0, 1, 0, 1];
        var rng = new SimRandom(1);
        var t = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            t += merged.NextGapSeconds(rng, t);
            Assert.Equal(expected[i], t, 1e-12);
            if (i is not (3 or 4 or 8 or 9))
            {
                // At the shared ticks (1 and 2) either order is right; elsewhere the source is known.
                Assert.Equal(sources[i], merged.LastComponent);
            }
        }
    }

    [Fact]
    public void Rate_is_the_sum_of_the_components_rates()
    {
        // Poisson 2/s + Gamma 3/s with CV 2 + diurnal 1/s (ratio 4, period 100 s), over 4000 s.
        const double span = 4000;
        var merged = new SuperposedArrivals(new PoissonArrivals(2), new GammaArrivals(3, 2), new DiurnalArrivals(1, 4, 100));
        Assert.Equal(6.0, merged.MeanRate, 12);

        const int replications = 200;
        var counts = new double[replications];
        for (var i = 0; i < replications; i++)
        {
            var fresh = new SuperposedArrivals(new PoissonArrivals(2), new GammaArrivals(3, 2), new DiurnalArrivals(1, 4, 100));
            counts[i] = Stat.ArrivalsUntil(fresh, new SimRandom(500 + (ulong)i), span).Count;
        }

        // Independent components: variances add. Poisson λt, diurnal over whole periods Λ, and a
        // renewal process asymptotically cv²·λ·t.
        var expected = 6 * span;
        var variance = 2 * span + 4 * 3 * span + 1 * span;
        var se = Math.Sqrt(variance / replications);
        Stat.Resolves(expected, se, 0.005, "superposed count");
        Stat.Near(expected, Stat.Mean(counts), se, "superposed count");
    }

    [Fact]
    public void Two_poisson_streams_merge_into_one_with_each_share_as_its_rate()
    {
        var merged = new SuperposedArrivals(new PoissonArrivals(1), new PoissonArrivals(4));
        var rng = new SimRandom(8);
        const int n = 300_000;
        var gaps = new double[n];
        var fromFirst = 0;
        var t = 0.0;
        for (var i = 0; i < n; i++)
        {
            gaps[i] = merged.NextGapSeconds(rng, t);
            t += gaps[i];
            fromFirst += merged.LastComponent == 0 ? 1 : 0;
        }

        Stat.Near(0.2, Stat.Mean(gaps), 0.2 / Math.Sqrt(n), "merged mean gap");
        var (cv, cvSe) = Stat.BatchEstimate(gaps, 100, g => Stat.Cv(g));
        Stat.Near(1.0, cv, cvSe, "merged CV");

        // Each arrival comes from the first stream with probability 1/5, independently.
        Stat.Near(0.2, fromFirst / (double)n, Math.Sqrt(0.2 * 0.8 / n), "share of the first stream");
    }

    [Fact]
    public void The_same_instance_twice_is_rejected()
    {
        var poisson = new PoissonArrivals(1);

        Assert.Throws<ArgumentException>(() => new SuperposedArrivals(poisson, poisson));
    }
}
