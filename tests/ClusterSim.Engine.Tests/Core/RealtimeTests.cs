using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Tests.Core;

public sealed class RealtimeTests
{
    /// <summary>A wall clock that moves only when slept on (or when the model "works").</summary>
    private sealed class FakeClock : IWallClock
    {
        public TimeSpan Elapsed { get; set; }

        public List<TimeSpan> Sleeps { get; } = new();

        public void Sleep(TimeSpan duration)
        {
            Sleeps.Add(duration);
            Elapsed += duration;
        }
    }

    [Fact]
    public void Entries_wait_for_the_wall_clock_at_the_given_scale()
    {
        var sim = new Simulation();
        var clock = new FakeClock { Elapsed = TimeSpan.FromSeconds(100) };
        var wallAtFire = new List<TimeSpan>();
        foreach (var s in new[] { 2, 6, 10 })
        {
            sim.Timeout(s * SimTime.Second).AddCallback(_ => wallAtFire.Add(clock.Elapsed));
        }

        sim.SetRealtime(scale: 2.0, clock); // two simulated seconds per wall second
        sim.Run();

        Assert.Equal(new[] { 101.0, 103.0, 105.0 }, wallAtFire.Select(t => t.TotalSeconds));
        Assert.Equal(3, clock.Sleeps.Count);
    }

    [Fact]
    public void A_slow_model_is_not_slept_for()
    {
        var sim = new Simulation();
        var clock = new FakeClock();
        // Each entry costs 3 wall seconds of "work"; entries are 1 simulated second apart at scale 1.
        for (var s = 1; s <= 3; s++)
        {
            sim.Timeout(s * SimTime.Second).AddCallback(_ => clock.Elapsed += TimeSpan.FromSeconds(3));
        }

        sim.SetRealtime(1.0, clock);
        sim.Run();

        Assert.Single(clock.Sleeps); // only before the first entry; afterwards the model lags
        Assert.Equal(TimeSpan.FromSeconds(1), clock.Sleeps[0]);
    }

    [Fact]
    public void Virtual_time_gives_the_same_results_without_sleeping()
    {
        static List<long> Trace(Simulation sim)
        {
            var fired = new List<long>();
            for (var i = 1; i <= 5; i++)
            {
                sim.Timeout(i * SimTime.Millisecond).AddCallback(_ => fired.Add(sim.Now));
            }

            sim.Run();
            return fired;
        }

        var paced = new Simulation();
        var clock = new FakeClock();
        paced.SetRealtime(1.0, clock);
        var virt = new Simulation();

        Assert.Equal(Trace(virt), Trace(paced));
        Assert.True(paced.IsRealtime);
        paced.SetVirtualTime();
        Assert.False(paced.IsRealtime);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_scale_that_is_not_a_positive_number_is_refused(double scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Simulation().SetRealtime(scale));
    }
}
