using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class ClockScalingTests
{
    [Fact]
    public void A_compute_bound_step_slows_in_proportion_to_the_clock()
    {
        Assert.Equal(2.0, ClockScaling.TimeFactor(1, 0.5), 1e-15);
        Assert.Equal(200_000_000, ClockScaling.Stretch(100_000_000, 1, 0.5));
    }

    [Fact]
    public void A_memory_bound_step_does_not_slow_with_the_core_clock()
    {
        Assert.Equal(1.0, ClockScaling.TimeFactor(0, 0.5), 1e-15);
    }

    [Fact]
    public void A_mixed_step_slows_only_its_compute_bound_share()
    {
        // 40 % compute-bound at clock 0.8: 0.4 / 0.8 + 0.6 = 1.1.
        Assert.Equal(1.1, ClockScaling.TimeFactor(0.4, 0.8), 1e-15);
    }

    [Fact]
    public void Dynamic_power_falls_with_clock_times_voltage_squared_down_to_the_floor_then_linearly()
    {
        // Default curve: V = 1 at full clock, 0.75 at 0.8 and below.
        Assert.Equal(1.0, ClockScaling.DynamicPowerFactor(1), 1e-15);
        Assert.Equal(0.8 * 0.5625, ClockScaling.DynamicPowerFactor(0.8), 1e-15);
        Assert.Equal(0.95 * 0.9375 * 0.9375, ClockScaling.DynamicPowerFactor(0.95), 1e-15);
        Assert.Equal(0.5 * 0.5625, ClockScaling.DynamicPowerFactor(0.5), 1e-15);
    }
}
