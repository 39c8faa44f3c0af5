using ClusterSim.Model.Workloads.Arrivals;

namespace ClusterSim.Model.Tests.Workloads;

public sealed class RenewalArrivalsTests
{
    [Fact]
    public void Poisson_gaps_have_the_exact_rate_and_a_cv_of_one()
    {
        const double rate = 5.0;
        var gaps = Stat.Gaps(new PoissonArrivals(rate), seed: 11, n: 400_000);

        // Exponential gaps: standard deviation equals the mean, so the mean's error is known exactly.
        var meanSe = 1 / rate / Math.Sqrt(gaps.Length);
        Stat.Resolves(1 / rate, meanSe, 0.01, "Poisson mean gap");
        Stat.Near(1 / rate, Stat.Mean(gaps), meanSe, "Poisson mean gap");

        var (cv, cvSe) = Stat.BatchEstimate(gaps, 100, g => Stat.Cv(g));
        Stat.Resolves(1.0, cvSe, 0.01, "Poisson CV");
        Stat.Near(1.0, cv, cvSe, "Poisson CV");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void Gamma_gaps_have_the_exact_rate_and_cv(double cvWanted)
    {
        const double rate = 4.0;
        var gaps = Stat.Gaps(new GammaArrivals(rate, cvWanted), seed: 12, n: 1_000_000);

        var meanSe = cvWanted / rate / Math.Sqrt(gaps.Length);
        Stat.Resolves(1 / rate, meanSe, 0.02, "Gamma mean gap");
        Stat.Near(1 / rate, Stat.Mean(gaps), meanSe, "Gamma mean gap");

        var (cv, cvSe) = Stat.BatchEstimate(gaps, 100, g => Stat.Cv(g));
        Stat.Resolves(cvWanted, cvSe, 0.02, "Gamma CV");
        Stat.Near(cvWanted, cv, cvSe, "Gamma CV");
    }

    [Fact]
    public void Constant_gaps_are_exactly_one_over_the_rate()
    {
        var gaps = Stat.Gaps(new ConstantArrivals(25), seed: 1, n: 1000);

        Assert.All(gaps, g => Assert.Equal(0.04, g));
    }

    [Fact]
    public void A_rate_whose_first_gap_passes_the_clock_range_ends_the_source_instead_of_throwing()
    {
        // At 1e-308 per second the first gap is ~1e308 s, far past the 292 years a nanosecond clock holds.
        var source = new ClusterSim.Model.Workloads.SyntheticRequestSource(new PoissonArrivals(1e-308),
            new ClusterSim.Model.Workloads.Sizes.ConstantSize(10), new ClusterSim.Model.Workloads.Sizes.ConstantSize(10),
            new ClusterSim.Engine.Randomness.SimRandom(1), new ClusterSim.Engine.Randomness.SimRandom(2));
        Assert.False(source.TryNext(out _));
    }
}
