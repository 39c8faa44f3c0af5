using ClusterSim.Engine.Core;
using ClusterSim.Engine.Randomness;

namespace ClusterSim.Engine.Tests.Randomness;

/// <summary>
/// Each distribution helper against its closed-form mean and variance. With n = 200,000 draws the
/// standard error of the mean is sd / 447; the bands below are about 5 standard errors wide.
/// </summary>
public sealed class DistributionTests
{
    private const int N = 200_000;

    private static (double Mean, double Variance) Moments(Func<double> draw)
    {
        double mean = 0, m2 = 0;
        for (var i = 1; i <= N; i++)
        {
            var x = draw();
            var d = x - mean;
            mean += d / i;
            m2 += d * (x - mean);
        }

        return (mean, m2 / (N - 1));
    }

    private static void AssertMoments(Func<double> draw, double mean, double variance)
    {
        var (m, v) = Moments(draw);
        var se = Math.Sqrt(variance / N);
        Assert.InRange(m, mean - 5 * se, mean + 5 * se);
        Assert.InRange(v, variance * 0.97, variance * 1.03);
    }

    [Fact]
    public void Uniform_has_its_mean_and_variance()
    {
        var sim = new Simulation(1);
        AssertMoments(() => sim.RandUniform(2, 8), 5, 36.0 / 12);
    }

    [Fact]
    public void Exponential_takes_a_mean_as_simsharp_does()
    {
        var sim = new Simulation(2);
        AssertMoments(() => sim.RandExponential(4), 4, 16);
    }

    [Fact]
    public void Normal_has_its_mean_and_variance()
    {
        var sim = new Simulation(3);
        AssertMoments(() => sim.RandNormal(10, 2), 10, 4);
    }

    [Fact]
    public void Triangular_has_its_mean_and_variance()
    {
        var sim = new Simulation(4);
        double a = 1, b = 7, c = 2;
        AssertMoments(() => sim.RandTriangular(a, b, c), (a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18);
    }

    [Fact]
    public void Lognormal_from_moments_has_those_moments()
    {
        var sim = new Simulation(5);
        AssertMoments(() => sim.RandLogNormal2(3, 1), 3, 1);
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(3.0, 1.5)]
    public void Gamma_has_mean_k_theta_and_variance_k_theta_squared(double k, double theta)
    {
        var sim = new Simulation(6);
        AssertMoments(() => sim.RandGamma(k, theta), k * theta, k * theta * theta);
    }

    [Fact]
    public void Weibull_with_shape_one_is_exponential()
    {
        var sim = new Simulation(7);
        AssertMoments(() => sim.RandWeibull(1, 3), 3, 9);
    }

    [Fact]
    public void Normal_positive_never_returns_a_non_positive_value()
    {
        var sim = new Simulation(8);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(sim.RandNormalPositive(1, 2) > 0);
        }
    }

    [Fact]
    public void Draws_are_deterministic_per_seed_and_come_from_the_default_stream()
    {
        var a = new Simulation(9);
        var b = new Simulation(9);
        var fromA = Enumerable.Range(0, 5).Select(_ => a.RandExponential(1)).ToArray();
        var fromB = Enumerable.Range(0, 5).Select(_ => b.RandExponential(1)).ToArray();
        var reference = new SimRandom(RandomStreams.DeriveSeed(9, "default"));

        Assert.Equal(fromA, fromB);
        Assert.Equal(-Math.Log(reference.NextDoubleNonZero()), fromA[0]);
    }

    [Fact]
    public void A_named_stream_can_be_passed_instead()
    {
        var sim = new Simulation(10);
        var own = sim.Random["arrivals"];
        var expected = new SimRandom(RandomStreams.DeriveSeed(10, "arrivals")).NextUniform(0, 1);

        Assert.Equal(expected, sim.RandUniform(0, 1, own));
    }

    [Fact]
    public void Timeout_helpers_draw_seconds()
    {
        var sim = new Simulation(11);
        var reference = new Simulation(11).RandUniform(2, 3);
        var t = sim.TimeoutUniformSeconds(2, 3);

        Assert.Equal(SimTime.FromSeconds(reference), t.Delay);
    }

    [Fact]
    public void Bad_parameters_are_refused()
    {
        var sim = new Simulation();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.RandExponential(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.RandUniform(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.RandTriangular(0, 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.RandGamma(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.RandNormal(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.RandNormalPositive(-100, 1));
    }
}
