using ClusterSim.Engine.Randomness;

namespace ClusterSim.Engine.Tests.Randomness;

public sealed class RandomStreamsTests
{
    private static double[] Draw(SimRandom r, int n) => Enumerable.Range(0, n).Select(_ => r.NextDouble()).ToArray();

    [Fact]
    public void Same_seed_and_name_give_the_same_numbers()
    {
        Assert.Equal(Draw(new RandomStreams(42)["arrivals"], 100), Draw(new RandomStreams(42)["arrivals"], 100));
    }

    [Fact]
    public void Adding_a_source_never_shifts_another_sources_numbers()
    {
        var alone = new RandomStreams(42);
        var expected = Draw(alone["arrivals"], 100);

        var crowded = new RandomStreams(42);
        Draw(crowded["sizes"], 1000);
        Draw(crowded["routing"], 10);
        Assert.Equal(expected, Draw(crowded["arrivals"], 100));
    }

    [Fact]
    public void Different_names_and_seeds_give_different_streams()
    {
        var s = new RandomStreams(1);
        Assert.NotEqual(Draw(s["a"], 10), Draw(s["b"], 10));
        Assert.NotEqual(Draw(new RandomStreams(1)["a"], 10), Draw(new RandomStreams(2)["a"], 10));
    }

    [Fact]
    public void Uniform_and_exponential_draws_have_their_theoretical_moments()
    {
        // n = 10^6: the standard error of the mean is 1/sqrt(12 n) = 2.9e-4 for U(0,1) and
        // 1/(rate sqrt(n)) = 5e-4 for Exp(2); 5 standard errors bound a correct generator.
        var r = new RandomStreams(9)["moments"];
        const int n = 1_000_000;
        double sumU = 0, sumE = 0;
        for (var i = 0; i < n; i++)
        {
            sumU += r.NextDouble();
            sumE += r.NextExponential(2.0);
        }

        Assert.InRange(sumU / n, 0.5 - 5 * 2.9e-4, 0.5 + 5 * 2.9e-4);
        Assert.InRange(sumE / n, 0.5 - 5 * 5e-4, 0.5 + 5 * 5e-4);
    }

    [Fact]
    public void Bounded_integers_stay_in_range_and_cover_it()
    {
        var r = new SimRandom(3);
        var seen = new bool[7];
        for (var i = 0; i < 10_000; i++)
        {
            var x = r.Next(3, 10);
            Assert.InRange(x, 3, 9);
            seen[x - 3] = true;
        }

        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void MathNet_distributions_draw_from_a_seeded_stream()
    {
        var a = new MathNet.Numerics.Distributions.LogNormal(0, 1, new RandomStreams(5)["sizes"]);
        var b = new MathNet.Numerics.Distributions.LogNormal(0, 1, new RandomStreams(5)["sizes"]);
        Assert.Equal(Enumerable.Range(0, 20).Select(_ => a.Sample()), Enumerable.Range(0, 20).Select(_ => b.Sample()));
    }
}
