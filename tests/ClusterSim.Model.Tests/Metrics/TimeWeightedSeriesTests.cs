using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Tests.Metrics;

public sealed class TimeWeightedSeriesTests
{
    [Fact]
    public void Mean_weights_each_value_by_how_long_it_held()
    {
        // 0 for 10 ns, 4 for 20 ns, 1 for 10 ns: (0*10 + 4*20 + 1*10) / 40 = 2.25.
        var series = new TimeWeightedSeries();
        series.Record(10, 4);
        series.Record(30, 1);
        series.AdvanceTo(40);

        Assert.Equal(2.25, series.Mean, 1e-12);
        Assert.Equal(4, series.Max);
        Assert.Equal(1, series.Current);
        Assert.Equal(40, series.EndNs);
    }

    [Fact]
    public void A_value_replaced_at_the_same_instant_counts_for_the_max_but_not_the_mean()
    {
        var series = new TimeWeightedSeries(startNs: 100, initialValue: 2);
        series.Record(110, 9);
        series.Record(110, 2);
        series.AdvanceTo(120);

        Assert.Equal(2, series.Mean, 1e-12);
        Assert.Equal(9, series.Max);
    }

    [Fact]
    public void Buckets_by_hand_before_and_after_the_history_is_halved()
    {
        // Value: 0 on [0,5), 2 on [5,25), 6 on [25,50), 0 from 50 on.
        var series = new TimeWeightedSeries(bucketCount: 4, initialBucketWidthNs: 10);
        series.Record(5, 2);
        series.Record(25, 6);
        series.AdvanceTo(40);

        Assert.Equal(
            new SeriesBucket[] { new(0, 10, 1, 2), new(10, 20, 2, 2), new(20, 30, 4, 6), new(30, 40, 6, 6) },
            series.Buckets());

        // Reaching 100 ns needs 10 buckets of 10 ns: the history halves twice, to 40 ns buckets.
        // [0,40): (0*5 + 2*20 + 6*15) / 40 = 3.25; [40,80): 6*10 / 40 = 1.5; [80,100): 0.
        series.Record(50, 0);
        series.AdvanceTo(100);

        Assert.Equal(40, series.BucketWidthNs);
        Assert.Equal(
            new SeriesBucket[] { new(0, 40, 3.25, 6), new(40, 80, 1.5, 6), new(80, 100, 0, 0) },
            series.Buckets());
        Assert.Equal((0 * 5 + 2 * 20 + 6 * 25 + 0 * 50) / 100.0, series.Mean, 1e-12);
    }

    [Fact]
    public void Buckets_conserve_the_integral_and_stay_within_their_count()
    {
        var rng = new Random(5);
        var series = new TimeWeightedSeries(bucketCount: 64, initialBucketWidthNs: 1);
        var time = 0L;
        var integral = 0.0;
        var value = 0.0;
        var max = 0.0;
        for (var i = 0; i < 5_000; i++)
        {
            var step = rng.NextInt64(0, 1_000_000);
            integral += value * step;
            time += step;
            value = rng.Next(0, 256);
            max = Math.Max(max, value);
            series.Record(time, value);
        }

        integral += value * 17;
        series.AdvanceTo(time + 17);

        var buckets = series.Buckets();
        Assert.InRange(buckets.Length, 33, 64);
        Assert.Equal(0, buckets[0].StartNs);
        Assert.Equal(time + 17, buckets[^1].EndNs);
        var fromBuckets = buckets.Sum(b => b.Mean * (b.EndNs - b.StartNs));
        Assert.Equal(integral, fromBuckets, integral * 1e-12);
        Assert.Equal(integral / (time + 17), series.Mean, series.Mean * 1e-12);
        Assert.Equal(max, series.Max);
        Assert.Equal(max, buckets.Max(b => b.Max));
    }

    [Fact]
    public void Each_bucket_holds_the_integral_of_its_own_stretch_when_many_records_fall_in_one()
    {
        // Steps far shorter than a bucket (a decode run records at every step), across boundaries and merges;
        // each bucket's integral against the step function integrated over that bucket alone.
        var rng = new Random(8);
        var series = new TimeWeightedSeries(bucketCount: 16, initialBucketWidthNs: 1_000);
        var changes = new List<(long TimeNs, double Value)> { (0, 0) };
        var time = 0L;
        for (var i = 0; i < 20_000; i++)
        {
            time += rng.Next(10) == 0 ? rng.Next(0, 5_000) : rng.Next(1, 40);
            var value = rng.Next(0, 100);
            series.Record(time, value);
            changes.Add((time, value));
        }

        series.AdvanceTo(time + 3);
        var buckets = series.Buckets();
        Assert.True(series.BucketWidthNs > 1_000); // merged at least once
        foreach (var b in buckets)
        {
            var integral = 0.0;
            for (var i = 0; i < changes.Count; i++)
            {
                var end = i + 1 < changes.Count ? changes[i + 1].TimeNs : time + 3;
                var overlap = Math.Min(end, b.EndNs) - Math.Max(changes[i].TimeNs, b.StartNs);
                integral += overlap > 0 ? changes[i].Value * overlap : 0;
            }

            Assert.Equal(integral / (b.EndNs - b.StartNs), b.Mean, 1e-9);
        }
    }

    [Fact]
    public void Time_going_backwards_is_rejected()
    {
        var series = new TimeWeightedSeries();
        series.Record(50, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => series.Record(49, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => series.Record(60, double.NaN));
    }

    [Fact]
    public void Recording_allocates_nothing()
    {
        var series = new TimeWeightedSeries(bucketCount: 16, initialBucketWidthNs: 1);
        series.Record(1, 1);

        // A first pass lets the JIT tier the loop and Record up (on-stack replacement can allocate on this thread
        // while a loop runs, which made this test fail now and then under a loaded machine); the second is measured.
        RecordMany(series, 2, 100_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RecordMany(series, 100_000, 200_000);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void RecordMany(TimeWeightedSeries series, long from, long to)
    {
        for (var i = from; i < to; i++)
        {
            series.Record(i * 1_000, i % 7);
        }
    }
}
