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
        Assert.Equal(0.512, ClockScaling.DynamicPowerFactor(0.8), 1e-15);
    }
}
