using System.Numerics;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Tests.Metrics;

public sealed class LatencyHistogramTests
{
    // Percentiles the summary reports, plus tails and low ranks, in tenths of a percent so that
    // the exact nearest rank below is integer arithmetic, independent of the histogram's.
    private static readonly int[] PerMille = [1, 10, 100, 250, 500, 750, 900, 950, 990, 999, 1000];

    [Fact]
    public void Percentiles_of_lognormal_latencies_are_within_the_stated_relative_error()
    {
        // Lognormal with a 50 ms median and sigma 1: the shape of request latencies, spanning
        // several powers of two, so many bucket sizes are exercised.
        var rng = new Random(20240501);
        var values = new long[200_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (long)Math.Exp(Math.Log(50e6) + StandardNormal(rng));
        }

        AssertMatchesExactStatistics(values, LatencyHistogram.DefaultSignificantBits);
    }

    [Fact]
    public void Percentiles_of_uniform_latencies_are_within_the_stated_relative_error()
    {
        var rng = new Random(7);
        var values = new long[100_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = rng.NextInt64(0, 10_000_000_000);
        }

        AssertMatchesExactStatistics(values, LatencyHistogram.DefaultSignificantBits);
    }

    [Fact]
    public void Coarse_buckets_keep_their_bound_and_the_bound_is_not_vacuous()
    {
        // At 3 bits the stated error is 6.25 %. The observed worst error must stay inside it but
        // come near it: a bound ten times too loose would hide a wrong bucket layout.
        var rng = new Random(99);
        var values = new long[50_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (long)Math.Exp(Math.Log(1e6) + (2 * StandardNormal(rng)));
        }

        var worst = AssertMatchesExactStatistics(values, 3, extraPercentileSteps: 1000);
        Assert.True(worst > 0.0625 / 4, $"worst observed relative error {worst:P3} is far below the stated 6.25 %");
    }

    [Fact]
    public void Values_below_two_to_the_bits_plus_one_are_exact()
    {
        var rng = new Random(3);
        var histogram = new LatencyHistogram();
        var values = new long[10_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = rng.Next(0, 256);
            histogram.Record(values[i]);
        }

        Array.Sort(values);
        foreach (var perMille in PerMille)
        {
            Assert.Equal(ExactPercentile(values, perMille), histogram.ValueAtPercentile(perMille / 10.0));
        }
    }

    [Fact]
    public void RecordMany_equals_n_Record_calls()
    {
        var rng = new Random(11);
        var once = new LatencyHistogram();
        var many = new LatencyHistogram();
        for (var i = 0; i < 2_000; i++)
        {
            var value = (long)Math.Exp(rng.NextDouble() * 25);
            var count = rng.Next(0, 40);
            many.RecordMany(value, count);
            for (var j = 0; j < count; j++)
            {
                once.Record(value);
            }
        }

        AssertSameDistribution(once, many);
    }

    [Fact]
    public void RecordDifferences_equals_one_RecordMany_per_difference()
    {
        // Decode runs: stretches of equal step times, slowly growing ones, zero gaps, a jump; counts of 1 to 300.
        var rng = new Random(13);
        var each = new LatencyHistogram();
        var run = new LatencyHistogram();
        var time = 1_000L;
        for (var r = 0; r < 300; r++)
        {
            var points = new long[rng.Next(1, 200)];
            var step = (long)Math.Exp(rng.NextDouble() * 22);
            var count = rng.Next(1, 300);
            for (var i = 0; i < points.Length; i++)
            {
                time += rng.Next(4) switch { 0 => step, 1 => step + i, 2 => 0, _ => rng.NextInt64(1, 1L << 40) };
                points[i] = time;
            }

            for (var i = 1; i < points.Length; i++)
            {
                each.RecordMany(points[i] - points[i - 1], count);
            }

            run.RecordDifferences(points, count);
        }

        run.RecordDifferences([5, 9, 12], 0);
        Assert.True(each.Count > 10_000);
        AssertSameDistribution(each, run);
        Assert.Throws<ArgumentOutOfRangeException>(() => run.RecordDifferences([5, 4], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => run.RecordDifferences([5, 6], -1));
    }

    [Fact]
    public void RecordDifferences_over_decode_runs_of_slowly_growing_steps_equals_one_RecordMany_per_difference()
    {
        // Long runs whose steps lengthen by a few ns (most differences in a row share a bucket, the four-at-a-time
        // path), crossing bucket edges now and then, with lengths that leave 0 to 3 differences for the scalar tail.
        var rng = new Random(17);
        var each = new LatencyHistogram();
        var run = new LatencyHistogram();
        var time = 0L;
        for (var r = 0; r < 400; r++)
        {
            var points = new long[rng.Next(2, 700)];
            var step = (long)Math.Exp(rng.NextDouble() * 20) + 1;
            var growth = rng.Next(0, 40);
            var count = rng.Next(1, 300);
            for (var i = 0; i < points.Length; i++)
            {
                time += step + (growth * i);
                points[i] = time;
            }

            for (var i = 1; i < points.Length; i++)
            {
                each.RecordMany(points[i] - points[i - 1], count);
            }

            run.RecordDifferences(points, count);
        }

        Assert.True(each.Count > 1_000_000);
        AssertSameDistribution(each, run);

        // A negative difference deep in a run of equal ones is still refused.
        var points2 = Enumerable.Range(0, 40).Select(i => 1_000L * i).ToArray();
        points2[25] = points2[24] - 1;
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistogram().RecordDifferences(points2, 1));
    }

    [Fact]
    public void Merge_equals_recording_into_one()
    {
        var rng = new Random(12);
        var whole = new LatencyHistogram();
        var parts = new[] { new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram() };
        for (var i = 0; i < 30_000; i++)
        {
            var value = (long)Math.Exp(rng.NextDouble() * 30);
            whole.Record(value);
            parts[rng.Next(parts.Length)].Record(value);
        }

        var merged = new LatencyHistogram();
        foreach (var part in parts)
        {
            merged.Merge(part);
        }

        merged.Merge(new LatencyHistogram());
        AssertSameDistribution(whole, merged);
    }

    [Fact]
    public void Merging_histograms_of_different_precision_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new LatencyHistogram(7).Merge(new LatencyHistogram(5)));
    }

    [Fact]
    public void Ten_billion_gaps_recorded_at_once_keep_an_exact_count_and_mean()
    {
        // 10^10 gaps of 1 s sum to 10^19 ns, past long.MaxValue (9.2 * 10^18): the sum must not wrap.
        var histogram = new LatencyHistogram();
        histogram.RecordMany(1_000_000_000, 10_000_000_000);
        histogram.Record(0);

        Assert.Equal(10_000_000_001, histogram.Count);
        Assert.Equal(1e19 / 10_000_000_001, histogram.Mean, 1e-6);
        Assert.Equal(0, histogram.Min);
        Assert.Equal(1_000_000_000, histogram.Max);
        Assert.Equal(1_000_000_000, histogram.ValueAtPercentile(50), 1_000_000_000 * histogram.RelativeError);
    }

    [Fact]
    public void Summary_is_in_seconds_with_nearest_rank_percentiles()
    {
        // 1, 2, ..., 1000 ms: nearest-rank p50 = 500 ms, p90 = 900, p95 = 950, p99 = 990,
        // p99.9 = 999; mean 500.5 ms.
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.Record(ms * 1_000_000L);
        }

        var summary = histogram.ToSummary();
        var error = histogram.RelativeError;
        Assert.Equal(0.5005, summary.Mean, 1e-12);
        Assert.Equal(0.500, summary.P50, 0.500 * error);
        Assert.Equal(0.900, summary.P90, 0.900 * error);
        Assert.Equal(0.950, summary.P95, 0.950 * error);
        Assert.Equal(0.990, summary.P99, 0.990 * error);
        Assert.Equal(0.999, summary.P999, 0.999 * error);
    }

    [Fact]
    public void Empty_histogram_summarises_to_zeros()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(LatencySummary.Empty, histogram.ToSummary());
        Assert.Equal(0, histogram.ValueAtPercentile(99));
        Assert.Equal(0, histogram.Count);
    }

    [Fact]
    public void Negative_durations_and_percentiles_out_of_range_are_rejected()
    {
        var histogram = new LatencyHistogram();
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Record(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.RecordMany(5, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.ValueAtPercentile(100.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.ValueAtPercentile(double.NaN));
    }

    [Fact]
    public void Recording_allocates_nothing()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(1);
        histogram.RecordMany(2, 3);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0L; i < 100_000; i++)
        {
            histogram.Record(i * 7919);
            histogram.RecordMany(i, 64);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double AssertMatchesExactStatistics(long[] values, int bits, int extraPercentileSteps = 0)
    {
        var histogram = new LatencyHistogram(bits);
        foreach (var value in values)
        {
            histogram.Record(value);
        }

        var sorted = (long[])values.Clone();
        Array.Sort(sorted);
        var sum = BigInteger.Zero;
        foreach (var value in values)
        {
            sum += value;
        }

        Assert.Equal(values.LongLength, histogram.Count);
        Assert.Equal(sorted[0], histogram.Min);
        Assert.Equal(sorted[^1], histogram.Max);
        Assert.Equal((double)sum / values.Length, histogram.Mean, 1e-9 * ((double)sum / values.Length));

        var worst = 0.0;
        var ranks = PerMille.Select(p => (decimal)p / 10m)
            .Concat(Enumerable.Range(1, extraPercentileSteps).Select(i => i * 100m / extraPercentileSteps));
        foreach (var percentile in ranks)
        {
            var exact = ExactPercentile(sorted, percentile);
            var estimate = histogram.ValueAtPercentile((double)percentile);
            var relative = exact == 0 ? estimate : Math.Abs(estimate - exact) / (double)exact;
            Assert.True(relative <= histogram.RelativeError,
                $"p{percentile}: histogram {estimate}, exact {exact}, relative error {relative:E3} > {histogram.RelativeError:E3}");
            worst = Math.Max(worst, relative);
        }

        return worst;
    }

    // Nearest rank: the ceil(p/100 * n)-th smallest value.
    private static long ExactPercentile(long[] sorted, int perMille) =>
        sorted[Math.Max(1, (int)(((long)perMille * sorted.Length + 999) / 1000)) - 1];

    private static long ExactPercentile(long[] sorted, decimal percentile) =>
        sorted[Math.Max(1, (int)Math.Ceiling(percentile * sorted.Length / 100m)) - 1];

    private static void AssertSameDistribution(LatencyHistogram expected, LatencyHistogram actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Min, actual.Min);
        Assert.Equal(expected.Max, actual.Max);
        Assert.Equal(expected.Mean, actual.Mean);
        for (var tenth = 0; tenth <= 1000; tenth++)
        {
            Assert.Equal(expected.ValueAtPercentile(tenth / 10.0), actual.ValueAtPercentile(tenth / 10.0));
        }
    }

    private static double StandardNormal(Random rng)
    {
        // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
