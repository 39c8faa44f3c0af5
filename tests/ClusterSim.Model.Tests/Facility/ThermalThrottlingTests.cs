using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Facility;

public sealed class ThermalThrottlingTests(ITestOutputHelper output)
{
    // A hot day: 30 °C mean, 10 °C swing, 40 °C at 15:00, 20 °C at 03:00.
    private static readonly OutsideTemperature HotDay = OutsideTemperature.Daily(30, 10, 15 * 3600);

    private sealed record DayResult(FacilityModel Facility, EnergySummary Summary, double ClockAt1500, double MeanComputeTimeFactor);

    /// <summary>A node prefilling all day, starting an iteration every 100 ms.</summary>
    private static DayResult PrefillAllDay(CoolingSystem cooling)
    {
        var (sim, facility) = FacilityRig.Build(cooling, outside: HotDay);
        var g = facility.AddGroup(0, 8);
        var clockAt1500 = double.NaN;
        var factorSum = 0.0;
        var iterations = 0;
        for (long t = 0; t < 24 * SimTime.Hour; t += 100 * SimTime.Millisecond)
        {
            sim.Run(t);
            Assert.True(facility.TrySetActivity(g, AcceleratorActivity.Busy(1)));
            factorSum += ClockScaling.TimeFactor(1, facility.ClockFactor(g));
            iterations++;
            if (t == 15 * SimTime.Hour)
            {
                clockAt1500 = facility.ClockFactor(g);
            }
        }

        sim.Run(24 * SimTime.Hour);
        return new DayResult(facility, facility.Summarize(), clockAt1500, factorSum / iterations);
    }

    [Fact]
    public void On_a_hot_day_air_throttles_in_the_afternoon_and_liquid_does_not()
    {
        var air = PrefillAllDay(CoolingSystem.Air);
        var liquid = PrefillAllDay(CoolingSystem.DirectLiquid);

        // Air: 700 W per GPU over 0.0714 K/W is a 49.98 K rise, so the 85 °C limit is crossed once the inlet
        // passes 35.02 °C, i.e. outside above 33.02 °C (inlet = outside + 2): roughly 10:10 to 19:50.
        var intervals = air.Facility.ThrottleIntervals();
        Assert.NotEmpty(intervals);
        foreach (var interval in intervals)
        {
            Assert.True(HotDay.At(interval.StartNs) > 33.0, $"throttling began at {interval.StartNs / 3.6e12:0.00} h with {HotDay.At(interval.StartNs):0.00} °C outside");
            Assert.True(interval.PeakTemperatureC > 85);
        }

        // At 15:00 the inlet is 42 °C: the sustainable power is (85 - 42) / 0.0714 = 602 W, reached at
        // clock ((602 - 75) / 625)^(1/3) = 0.945; the controller's 5 % steps hold it at 0.95 or 0.90.
        Assert.Contains(intervals, i => i.StartNs <= 15 * SimTime.Hour && i.EndNs >= 15 * SimTime.Hour);
        Assert.InRange(air.ClockAt1500, 0.85, 0.951);
        Assert.InRange(air.Summary.ThrottledNodeHours, 6, 14);

        // Liquid: inlet 45 °C at the peak, 700 x 0.03 = 21 K rise: 66 °C, never near the limit.
        Assert.Empty(liquid.Facility.ThrottleIntervals());
        Assert.Equal(1, liquid.ClockAt1500);
        Assert.True(liquid.Summary.MaxAcceleratorTempC < 70, $"{liquid.Summary.MaxAcceleratorTempC} °C");
        Assert.True(air.Summary.MaxAcceleratorTempC < 86.5, $"the controller let the GPUs reach {air.Summary.MaxAcceleratorTempC} °C");

        foreach (var (name, r) in new[] { ("air", air), ("liquid", liquid) })
        {
            output.WriteLine($"{name}: PUE {r.Summary.MeanPue:0.000}, IT {r.Summary.ItKwh:0.0} kWh, facility {r.Summary.FacilityKwh:0.0} kWh, " +
                $"energy {r.Facility.EnergyUsd():0.00} USD, throttled {r.Summary.ThrottledNodeHours:0.00} h in {r.Summary.ThrottleIntervals} intervals, " +
                $"clock at 15:00 {r.ClockAt1500:0.00}, mean prefill time factor {r.MeanComputeTimeFactor:0.0000}, max {r.Summary.MaxAcceleratorTempC:0.0} °C");
        }

        // The latency cost: compute-bound iterations under air run slower on average; liquid's PUE is lower.
        Assert.True(air.MeanComputeTimeFactor > 1.01, $"mean time factor {air.MeanComputeTimeFactor}");
        Assert.Equal(1, liquid.MeanComputeTimeFactor);
        Assert.True(air.Summary.MeanBusyClock < 1);
        Assert.True(liquid.Summary.MeanPue < air.Summary.MeanPue - 0.3, $"liquid {liquid.Summary.MeanPue} against air {air.Summary.MeanPue}");
    }

    [Fact]
    public void The_controller_releases_the_clock_once_the_node_cools_below_the_release_temperature()
    {
        // 40 °C outside all the time: prefill throttles; once idle the GPUs cool to 42 + 75 x 0.0714 = 47 °C.
        var (sim, facility) = FacilityRig.Build(CoolingSystem.Air, outside: OutsideTemperature.Constant(40));
        var g = facility.AddGroup(0, 8);
        for (long t = 0; t < 10 * SimTime.Minute; t += 100 * SimTime.Millisecond)
        {
            sim.Run(t);
            facility.TrySetActivity(g, AcceleratorActivity.Busy(1));
        }

        Assert.True(facility.NodeThermalClock(0) < 1);
        Assert.True(facility.TrySetActivity(g, AcceleratorActivity.Idle));

        // No further calls: the ticks run until the clock is back at 1, then stop, so the queue empties.
        sim.Run();
        Assert.Equal(1, facility.NodeThermalClock(0));
        Assert.Equal(0, sim.PendingEvents);
        var interval = Assert.Single(facility.ThrottleIntervals());
        Assert.True(interval.EndNs > 10 * SimTime.Minute);
        Assert.True(facility.NodeTemperatureC(0) < 80);
    }

    [Fact]
    public void A_cool_idle_facility_schedules_no_thermal_events()
    {
        var (sim, facility) = FacilityRig.Build(CoolingSystem.Air, racks: 2, nodesPerRack: 2);
        facility.AddGroup(0, 8);

        Assert.Equal(0, sim.PendingEvents);
    }
}
