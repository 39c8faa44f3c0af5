using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Tests.Core;

/// <summary>
/// The clock is a long of nanoseconds: a delay that would carry Now + delay past long.MaxValue
/// must be refused, not wrap around into the past and run before entries already due.
/// </summary>
public sealed class ClockOverflowTests
{
    private sealed class Nothing : IEventHandler
    {
        public void OnEvent(int opcode, int arg)
        {
        }
    }

    private static Simulation AtTen()
    {
        var sim = new Simulation();
        sim.Run(10);
        Assert.Equal(10, sim.Now);
        return sim;
    }

    [Fact]
    public void A_timeout_past_the_end_of_time_is_refused()
    {
        var sim = AtTen();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Timeout(long.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Timeout(long.MaxValue - 9));
        Assert.Equal(0, sim.PendingEvents);
    }

    [Fact]
    public void A_handler_entry_past_the_end_of_time_is_refused()
    {
        var sim = AtTen();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(long.MaxValue, new Nothing()));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(long.MaxValue - 9, new Nothing()));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ScheduleAt(long.MinValue, new Nothing()));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(-1, new Nothing()));
        Assert.Equal(0, sim.PendingEvents);
    }

    [Fact]
    public void The_last_representable_time_can_still_be_scheduled()
    {
        var sim = AtTen();
        sim.Schedule(long.MaxValue - 10, new Nothing());
        var timeout = sim.Timeout(long.MaxValue - 10);
        Assert.Equal(2, sim.PendingEvents);
        Assert.Equal(long.MaxValue, sim.PeekTime());
        sim.Run();
        Assert.True(timeout.IsProcessed);
        Assert.Equal(long.MaxValue, sim.Now);
    }

    [Fact]
    public void At_time_zero_the_longest_delay_is_allowed()
    {
        var sim = new Simulation();
        _ = sim.Timeout(long.MaxValue);
        Assert.Equal(long.MaxValue, sim.PeekTime());
    }
}
