using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads.Arrivals;

namespace ClusterSim.Model.Tests.Workloads;

public sealed class DiurnalArrivalsTests
{
    // A scaled day (1000 s) keeps the test fast; nothing in the process depends on the scale.
    private const double Period = 1000;
    private const double MeanRate = 10;
    private const double Ratio = 3;
    private const double PeakAt = 600;
    private const int Periods = 100;

    // a = (r − 1)/(r + 1), written out here rather than taken from the class.
    private const double Amplitude = (Ratio - 1) / (Ratio + 1);

    private static readonly List<double> Times =
        Stat.ArrivalsUntil(new DiurnalArrivals(MeanRate, Ratio, Period, PeakAt), new SimRandom(21), Periods * Period);

    [Theory]
    [InlineData(4.0, 86_400.0)]
    [InlineData(3.0, 1_000.0)]
    [InlineData(double.PositiveInfinity, 60.0)]
    public void Every_candidate_is_kept_or_thinned_exactly_as_the_rate_at_its_time_decides(double ratio, double period)
    {
        // The process decides most candidates from a bound on how fast the rate moves; thinning written out here with
        // the rate's formula at every candidate, on the same random stream, must give the very same gaps.
        var mean = 200_000 / period; // 300,000 arrivals cover about a period and a half
        var process = new DiurnalArrivals(mean, ratio, period, period * 0.6);
        var a = double.IsPositiveInfinity(ratio) ? 1.0 : (ratio - 1) / (ratio + 1);
        var peak = mean * (1 + a);
        var fast = new SimRandom(8);
        var reference = new SimRandom(8);
        double now = 0, refNow = 0;
        for (var i = 0; i < 300_000; i++)
        {
            var gap = process.NextGapSeconds(fast, now);
            var t = refNow;
            do
            {
                t += reference.NextExponential(peak);
            }
            while (!(reference.NextDouble() * peak < Rate(t)));

            Assert.Equal(t - refNow, gap);
            now += gap;
            refNow = t;
        }

        Assert.True(now > period, "the draws should cover more than a period");

        double Rate(double t) => mean * (1 + (a * Math.Cos(2 * Math.PI / period * (t - (period * 0.6)))));
    }

    [Fact]
    public void Count_over_whole_periods_matches_the_mean_rate()
    {
        // Over whole periods the count is Poisson with mean rate × time: its variance is its mean.
        var expected = MeanRate * Periods * Period;
        var se = Math.Sqrt(expected);
        Stat.Resolves(expected, se, 0.005, "diurnal count");
        Stat.Near(expected, Times.Count, se, "diurnal count");
    }

    [Fact]
    public void Counts_in_24_windows_follow_the_integrated_sinusoid()
    {
        // ∫ mean·(1 + a·cos(ω(t − peak))) dt over [t1, t2) = mean·((t2 − t1) + a/ω·(sin ω(t2 − peak) − sin ω(t1 − peak))).
        const int bins = 24;
        var omega = 2 * Math.PI / Period;
        var width = Period / bins;
        var expected = new double[bins];
        for (var b = 0; b < bins; b++)
        {
            var (t1, t2) = (b * width, (b + 1) * width);
            expected[b] = Periods * MeanRate * (width + Amplitude / omega * (Math.Sin(omega * (t2 - PeakAt)) - Math.Sin(omega * (t1 - PeakAt))));
        }

        var observed = new long[bins];
        foreach (var t in Times)
        {
            observed[(int)(t % Period / width)]++;
        }

        Stat.ChiSquareFits(observed, expected, "diurnal shape");
    }

    [Fact]
    public void Peak_to_trough_ratio_measured_in_windows_matches()
    {
        // Windows of a twenty-fourth of the period centred on the peak and on the trough. Their
        // exact expected counts are mean·(w ± a·(P/π)·sin(πw/P)) per period, whose ratio is a
        // little below the point ratio 3 (it tends to 3 as w → 0).
        var w = Period / 24;
        var bulge = Amplitude * Period / Math.PI * Math.Sin(Math.PI * w / Period);
        var expectedPeak = Periods * MeanRate * (w + bulge);
        var expectedTrough = Periods * MeanRate * (w - bulge);
        var expectedRatio = expectedPeak / expectedTrough;
        Assert.InRange(expectedRatio, 0.98 * Ratio, Ratio);

        var trough = PeakAt - Period / 2;
        var peakCount = Times.Count(t => Math.Abs(Wrap(t - PeakAt)) < w / 2);
        var troughCount = Times.Count(t => Math.Abs(Wrap(t - trough)) < w / 2);

        // Disjoint windows of a Poisson process: independent Poisson counts; delta method for the ratio.
        var ratio = (double)peakCount / troughCount;
        var se = expectedRatio * Math.Sqrt(1 / expectedPeak + 1 / expectedTrough);
        Stat.Resolves(expectedRatio, se, 0.05, "peak-to-trough ratio");
        Stat.Near(expectedRatio, ratio, se, "peak-to-trough ratio");
    }

    [Fact]
    public void Ratio_one_is_a_plain_poisson_process()
    {
        var gaps = Stat.Gaps(new DiurnalArrivals(2.0, 1.0, 100), seed: 5, n: 200_000);

        var meanSe = 0.5 / Math.Sqrt(gaps.Length);
        Stat.Near(0.5, Stat.Mean(gaps), meanSe, "mean gap");
        var (cv, cvSe) = Stat.BatchEstimate(gaps, 100, g => Stat.Cv(g));
        Stat.Near(1.0, cv, cvSe, "CV");
    }

    [Fact]
    public void Rates_at_peak_and_trough_are_as_asked()
    {
        var diurnal = new DiurnalArrivals(MeanRate, Ratio, Period, PeakAt);

        Assert.Equal(15.0, diurnal.RateAt(PeakAt), 12);
        Assert.Equal(5.0, diurnal.RateAt(PeakAt + Period / 2), 12);
        Assert.Equal(15.0, diurnal.PeakRate, 12);
        Assert.Equal(5.0, diurnal.TroughRate, 12);
    }

    private static double Wrap(double dt)
    {
        var x = dt % Period;
        return x < -Period / 2 ? x + Period : x >= Period / 2 ? x - Period : x;
    }
}
