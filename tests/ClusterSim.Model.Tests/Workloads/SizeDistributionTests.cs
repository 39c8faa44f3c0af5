using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads.Sizes;
using MathNet.Numerics.Distributions;

namespace ClusterSim.Model.Tests.Workloads;

/// <summary>Token-count laws against their closed forms: means (and CVs) within a few standard errors.</summary>
public sealed class SizeDistributionTests
{
    private const int N = 400_000;

    private static double[] Draw(ISizeDistribution size, ulong seed)
    {
        var rng = new SimRandom(seed);
        var values = new double[N];
        for (var i = 0; i < N; i++)
        {
            values[i] = size.Sample(rng);
        }

        return values;
    }

    [Theory]
    [InlineData(250.0, 1.0)]
    [InlineData(1000.0, 0.5)]
    [InlineData(300.0, 2.0)]
    public void Lognormal_has_the_mean_and_CV_it_was_given(double mean, double cv)
    {
        var values = Draw(new LogNormalSize(mean, cv), 11);
        var (m, se) = Stat.BatchEstimate(values, 100, b => Stat.Mean(b));
        Stat.Resolves(mean, se, 0.02, "lognormal mean");
        Stat.Near(mean, m, se, "lognormal mean");

        // Rounding to whole tokens adds at most 1/12 to the variance; the CV is measured to a few per cent.
        var (c, cvSe) = Stat.BatchEstimate(values, 100, b => Stat.Cv(b));
        Stat.Near(cv, c, cvSe, "lognormal CV");
    }

    [Fact]
    public void Lognormal_clamped_at_a_maximum_has_the_mean_of_min_X_c()
    {
        // E[min(X, c)] = e^(mu + s^2/2) Phi((ln c - mu - s^2)/s) + c (1 - Phi((ln c - mu)/s)), s^2 = ln(1 + cv^2).
        const double mean = 290, cv = 0.6, cap = 400;
        var s2 = Math.Log(1 + cv * cv);
        var s = Math.Sqrt(s2);
        var mu = Math.Log(mean) - s2 / 2;
        var truth = mean * Normal.CDF(0, 1, (Math.Log(cap) - mu - s2) / s) + cap * (1 - Normal.CDF(0, 1, (Math.Log(cap) - mu) / s));
        var values = Draw(new LogNormalSize(mean, cv, max: 400), 12);
        var (m, se) = Stat.BatchEstimate(values, 100, b => Stat.Mean(b));
        Stat.Near(truth, m, se, "clamped lognormal mean");
        Assert.True(truth < mean - 20, "the cap should pull the mean down visibly");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(7.5)]
    [InlineData(200.0)]
    public void Geometric_on_1_2_3_has_the_mean_it_was_given(double mean)
    {
        var values = Draw(new GeometricSize(mean), 13);
        var (m, se) = Stat.BatchEstimate(values, 100, b => Stat.Mean(b));
        if (mean == 1)
        {
            Assert.All(values, v => Assert.Equal(1, v));
            return;
        }

        Stat.Near(mean, m, se, "geometric mean");

        // Memoryless: P(X > k) = q^k with q = 1 - 1/mean.
        var q = 1 - 1 / mean;
        var k = (int)Math.Ceiling(mean);
        var tail = values.Count(v => v > k) / (double)N;
        var p = Math.Pow(q, k);
        Stat.Near(p, tail, Math.Sqrt(p * (1 - p) / N), "geometric tail");
    }

    [Fact]
    public void Uniform_covers_its_integers_evenly()
    {
        var values = Draw(new UniformSize(10, 19), 14);
        var counts = new long[10];
        foreach (var v in values)
        {
            counts[(int)v - 10]++;
        }

        Stat.ChiSquareFits(counts, [.. Enumerable.Repeat(N / 10.0, 10)], "uniform 10..19");
        Assert.Equal(14.5, new UniformSize(10, 19).Mean);
    }

    [Fact]
    public void Normal_is_rounded_and_clamped_to_its_bounds()
    {
        var values = Draw(new NormalSize(100, 20, min: 80, max: 130), 15);
        Assert.Equal(80, values.Min());
        Assert.Equal(130, values.Max());

        // Clamped at both ends: P(X <= 80) = Phi((80.5 - 100) / 20) with rounding to the nearest integer.
        var low = values.Count(v => v == 80) / (double)N;
        var p = Normal.CDF(0, 1, (80.5 - 100) / 20);
        Stat.Near(p, low, Math.Sqrt(p * (1 - p) / N), "mass clamped at the minimum");
    }

    [Fact]
    public void Empirical_from_a_CSV_reads_the_named_column_and_scales_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"clustersim-empirical-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "prompt,output\n100,7\n200,9\n\n300,11\n");
        try
        {
            var output = EmpiricalSize.FromCsv(path, "output");
            Assert.Equal((7 + 9 + 11) / 3.0, output.Mean, 12);
            var prompt = EmpiricalSize.FromCsv(path, "prompt", scale: 0.5);
            Assert.Equal((50 + 100 + 150) / 3.0, prompt.Mean, 12);
            var sampled = Draw(output, 16).Distinct().Order().ToArray();
            Assert.Equal([7.0, 9.0, 11.0], sampled);

            File.WriteAllText(path, "prompt,output\n100,x\n");
            var e = Assert.Throws<FormatException>(() => EmpiricalSize.FromCsv(path, "output"));
            Assert.Equal($"{path}:2: expected a number in column output, found 'x'", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
