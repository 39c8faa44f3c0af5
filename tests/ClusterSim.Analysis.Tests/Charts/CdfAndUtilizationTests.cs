using ClusterSim.Analysis.Charts;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Analysis.Tests.Charts;

public sealed class CdfAndUtilizationTests
{
    [Fact]
    public void Cdf_points_give_the_exact_share_of_observations_at_or_below_each_value()
    {
        // Against a brute-force count over the raw values: log-normal-ish durations from 1 us to 30 s.
        var random = new Random(12345);
        var values = Enumerable.Range(0, 20_000).Select(_ => (long)Math.Exp(7 + (random.NextDouble() * 17))).ToArray();
        var h = new LatencyHistogram();
        foreach (var v in values)
        {
            h.Record(v);
        }

        Array.Sort(values);
        var points = h.CumulativePoints().ToList();
        Assert.NotEmpty(points);
        for (var i = 0; i < points.Count; i++)
        {
            var (x, f) = points[i];
            var atOrBelow = UpperBound(values, x);
            Assert.Equal((double)atOrBelow / values.Length, f);
            if (i > 0)
            {
                Assert.True(x > points[i - 1].ValueNs && f > points[i - 1].Fraction);
            }
        }

        Assert.Equal((values[^1], 1.0), points[^1]);
    }

    [Fact]
    public void Small_values_have_exact_buckets_so_the_cdf_is_the_textbook_one()
    {
        // Below 2^(bits+1) = 256 ns every value has a bucket of its own: for 1..100 recorded once
        // each, F(v) = v / 100 at every v.
        var h = new LatencyHistogram();
        for (var v = 1; v <= 100; v++)
        {
            h.Record(v);
        }

        Assert.Equal(Enumerable.Range(1, 100).Select(v => ((long)v, v / 100.0)), h.CumulativePoints());
        Assert.Empty(new LatencyHistogram().CumulativePoints());
    }

    [Fact]
    public void Recorded_busy_time_over_time_adds_up_to_each_replicas_utilization()
    {
        var (_, result, charts) = SmallRun.WithCharts();
        var chart = charts.Single(c => c.Name == "utilization-over-time");
        Assert.Equal(result.Replicas.Count, chart.Series.Count);

        // Conservation: the busy-fraction series integrates to the replica's busy time, which the
        // replica counts on its own (BusyNs / simulated time).
        var recorder = new UtilizationRecorder();
        var (_, _, rerun) = SmallRun.Run(tracer: recorder);
        foreach (var replica in rerun.Replicas)
        {
            var buckets = recorder.Buckets(replica.Index, rerun.SimulatedNs);
            Assert.Equal(0, buckets[0].StartNs);
            Assert.Equal(rerun.SimulatedNs, buckets[^1].EndNs);
            var busyNs = buckets.Sum(b => b.Mean * (b.EndNs - b.StartNs));
            Assert.Equal(replica.Utilization, busyNs / rerun.SimulatedNs, 9);
            Assert.All(buckets, b => Assert.InRange(b.Mean, 0, 1 + 1e-12));
        }

        Assert.Empty(recorder.Buckets(99, rerun.SimulatedNs));
    }

    private static int UpperBound(long[] sorted, long x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
