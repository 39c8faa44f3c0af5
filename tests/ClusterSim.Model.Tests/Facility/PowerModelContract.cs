using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

/// <summary>
/// What every <see cref="IPowerModel"/> must satisfy; the cap controller's bisection relies on the
/// monotonicity. Derive from this class to check a new model.
/// </summary>
public abstract class PowerModelContract
{
    private static readonly double[] Clocks = [0.3, 0.5, 0.7, 0.9, 1.0];
    private static readonly double[] Fractions = [0, 0.1, 0.5, 0.9, 1];

    protected abstract IPowerModel Create();

    [Fact]
    public void Power_stays_within_zero_and_the_board_limit()
    {
        var model = Create();
        foreach (var c in Clocks)
        {
            foreach (var activity in Activities())
            {
                var w = model.AcceleratorW(activity, c);
                Assert.InRange(w, 0, model.TdpW);
            }
        }
    }

    [Fact]
    public void Idle_and_sleep_do_not_depend_on_the_clock()
    {
        var model = Create();
        foreach (var c in Clocks)
        {
            Assert.Equal(model.AcceleratorW(AcceleratorActivity.Idle, 1), model.AcceleratorW(AcceleratorActivity.Idle, c));
            Assert.Equal(model.AcceleratorW(AcceleratorActivity.Sleep, 1), model.AcceleratorW(AcceleratorActivity.Sleep, c));
        }
    }

    [Fact]
    public void Sleep_draws_no_more_than_idle_and_idle_no_more_than_busy()
    {
        var model = Create();
        var idle = model.AcceleratorW(AcceleratorActivity.Idle, 1);
        Assert.True(model.AcceleratorW(AcceleratorActivity.Sleep, 1) <= idle);
        foreach (var c in Clocks)
        {
            foreach (var f in Fractions)
            {
                Assert.True(model.AcceleratorW(AcceleratorActivity.Busy(f), c) >= idle, $"busy({f}) at clock {c} below idle");
            }
        }
    }

    [Fact]
    public void Busy_power_never_falls_as_the_clock_rises()
    {
        var model = Create();
        foreach (var f in Fractions)
        {
            var previous = double.NegativeInfinity;
            for (var c = 0.05; c <= 1.0 + 1e-12; c += 0.05)
            {
                var w = model.AcceleratorW(AcceleratorActivity.Busy(f), Math.Min(c, 1));
                Assert.True(w >= previous, $"busy({f}): {w} W at clock {c} is below {previous} W at the clock before");
                previous = w;
            }
        }
    }

    [Fact]
    public void The_board_clock_lies_in_zero_to_one_and_leaves_idle_and_sleep_alone()
    {
        var model = Create();
        foreach (var activity in Activities())
        {
            Assert.InRange(model.BoardClock(activity), double.Epsilon, 1);
        }

        Assert.Equal(1, model.BoardClock(AcceleratorActivity.Idle));
        Assert.Equal(1, model.BoardClock(AcceleratorActivity.Sleep));
    }

    [Fact]
    public void Clock_outside_zero_to_one_is_rejected()
    {
        var model = Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => model.AcceleratorW(AcceleratorActivity.Busy(1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.AcceleratorW(AcceleratorActivity.Busy(1), 1.01));
    }

    private static IEnumerable<AcceleratorActivity> Activities()
    {
        yield return AcceleratorActivity.Idle;
        yield return AcceleratorActivity.Sleep;
        foreach (var f in Fractions)
        {
            yield return AcceleratorActivity.Busy(f);
        }
    }
}
