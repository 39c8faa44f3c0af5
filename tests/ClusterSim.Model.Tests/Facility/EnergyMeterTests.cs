using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class EnergyMeterTests
{
    [Fact]
    public void Energy_is_the_sum_of_power_times_duration_over_the_steps()
    {
        // 100 W for 2 s, 250 W for 0.5 s, 0 W for 1 s, 40 W for 3 s: 200 + 125 + 0 + 120 = 445 J.
        var meter = new EnergyMeter(startNs: 0, watts: 100);
        meter.Set(2 * SimTime.Second, 250);
        meter.Set(2_500 * SimTime.Millisecond, 0);
        meter.Set(3_500 * SimTime.Millisecond, 40);
        meter.AdvanceTo(6_500 * SimTime.Millisecond);

        Assert.Equal(445, meter.Joules, 1e-9);
        Assert.Equal(445 / 3.6e6, meter.KilowattHours, 1e-15);
        Assert.Equal(250, meter.PeakW);
        Assert.Equal(445 / 6.5, meter.MeanW, 1e-9);
    }

    [Fact]
    public void A_million_short_steps_add_up_without_drift()
    {
        // 75 W and 700 W alternating in 1 ms steps for 1,000 s (500,000 ms at each): 387,500 J.
        var meter = new EnergyMeter(startNs: 0, watts: 75);
        for (var i = 1; i < 1_000_000; i++)
        {
            meter.Set(i * SimTime.Millisecond, i % 2 == 0 ? 75 : 700);
        }

        meter.AdvanceTo(1_000 * SimTime.Second);

        Assert.Equal(387_500, meter.Joules, 1e-7);
    }

    [Fact]
    public void Time_going_backwards_is_rejected()
    {
        var meter = new EnergyMeter(startNs: 100);
        meter.Set(200, 5);

        Assert.Throws<ArgumentOutOfRangeException>(() => meter.Set(150, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => meter.Set(300, -1));
    }
}
