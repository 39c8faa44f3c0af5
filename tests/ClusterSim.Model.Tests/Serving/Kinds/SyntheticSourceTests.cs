using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Workloads.Arrivals;

namespace ClusterSim.Model.Tests.Serving.Kinds;

public sealed class SyntheticSourceTests
{
    /// <summary>Evenly spaced gaps that count how often the source drew one.</summary>
    private sealed class CountingArrivals(double gapSeconds) : IArrivalProcess
    {
        public int Draws { get; private set; }

        public double MeanRate => 1 / gapSeconds;

        public double NextGapSeconds(SimRandom rng, double nowSeconds)
        {
            Draws++;
            return gapSeconds;
        }
    }

    private static List<long> Drain(SyntheticSource<long> source)
    {
        var items = new List<long>();
        while (source.TryNext(out var at))
        {
            items.Add(at);
        }

        return items;
    }

    [Fact]
    public void Arrivals_up_to_the_end_inclusive_and_the_spec_is_made_only_for_kept_ones()
    {
        var made = 0;
        var source = new SyntheticSource<long>(new CountingArrivals(0.5), new SimRandom(1), at => { made++; return at; }, endNs: 2_000_000_000);

        // Gaps of 0.5 s from 0: 0.5, 1.0, 1.5 and 2.0 s are kept (2.0 is the end itself); 2.5 s is past it.
        Assert.Equal([500_000_000L, 1_000_000_000L, 1_500_000_000L, 2_000_000_000L], Drain(source));
        Assert.Equal(4, made);
    }

    [Fact]
    public void A_count_limit_stops_before_drawing_another_gap()
    {
        var arrivals = new CountingArrivals(1);
        var source = new SyntheticSource<long>(arrivals, new SimRandom(1), at => at, maxCount: 3);

        Assert.Equal([1_000_000_000L, 2_000_000_000L, 3_000_000_000L], Drain(source));
        Assert.Equal(3, arrivals.Draws);
        Assert.False(source.TryNext(out _));
        Assert.Equal(3, arrivals.Draws);
    }
}
