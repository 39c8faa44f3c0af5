using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class PhasePowerModelTests
{
    [Fact]
    public void Memory_power_is_the_bandwidth_times_the_energy_per_bit()
    {
        // 3.35 TB/s = 26.8 Tbit/s at 3.9 pJ/bit = 104.52 W; 2.039 TB/s = 16.312 Tbit/s -> 63.6168 W.
        Assert.Equal(104.52, AcceleratorPower.H100Sxm.MemoryW, 1e-9);
        Assert.Equal(63.6168, AcceleratorPower.A100Sxm80.MemoryW, 1e-9);
        Assert.Equal(625, AcceleratorPower.H100Sxm.ComputeW);
    }

    [Fact]
    public void Busy_power_adds_the_compute_and_memory_shares_the_step_uses()
    {
        var model = PowerModels.Phase(AcceleratorPower.H100Sxm);

        // 75 + 625 x 0.1 + 104.52 x 0.7 = 210.664 W (a decode step: memory streams 70 %, compute 10 %).
        Assert.Equal(210.664, model.AcceleratorW(AcceleratorActivity.Busy(0.1, 0.7), 1), 1e-9);

        // A wholly compute-bound step reaches the board limit; a wholly memory-bound one idle + memory.
        Assert.Equal(700, model.AcceleratorW(AcceleratorActivity.Busy(1, 0), 1), 1e-9);
        Assert.Equal(179.52, model.AcceleratorW(AcceleratorActivity.Busy(0, 1), 1), 1e-9);

        // Overlapping shares never exceed the board limit.
        Assert.Equal(700, model.AcceleratorW(AcceleratorActivity.Busy(1, 1), 1), 1e-9);
    }

    [Fact]
    public void Compute_power_follows_clock_times_voltage_squared_with_a_floor()
    {
        var model = PowerModels.Phase(AcceleratorPower.H100Sxm);

        // Above the floor (0.75 V at 0.8 clock): at 0.9, V = 1 - 0.25 x 0.1 / 0.2 = 0.875, 0.9 x 0.875^2 = 0.68906...
        Assert.Equal(75 + (625 * 0.9 * 0.875 * 0.875), model.AcceleratorW(AcceleratorActivity.Busy(1, 0), 0.9), 1e-9);

        // Below it only the clock falls: at 0.5 and 0.6 the voltage is 0.75, so power above idle is linear in clock.
        var at05 = model.AcceleratorW(AcceleratorActivity.Busy(1, 0), 0.5) - 75;
        var at06 = model.AcceleratorW(AcceleratorActivity.Busy(1, 0), 0.6) - 75;
        Assert.Equal(625 * 0.5 * 0.5625, at05, 1e-9);
        Assert.Equal(0.6 / 0.5, at06 / at05, 1e-12);
    }

    [Fact]
    public void Memory_power_does_not_follow_the_core_clock_but_spreads_over_a_stretched_step()
    {
        var model = PowerModels.Phase(AcceleratorPower.H100Sxm);

        // A wholly memory-bound step does not stretch: same power at any clock.
        Assert.Equal(179.52, model.AcceleratorW(AcceleratorActivity.Busy(0, 1), 0.5), 1e-9);

        // Half compute, half memory at clock 0.5 (floor voltage 0.75): time factor 0.5 / 0.5 + 0.5 = 1.5;
        // energy 625 x 0.5625 x 0.5 + 104.52 x 0.5 = 228.04125; power 75 + 228.0225 / 1.5.
        Assert.Equal(75 + (((625 * 0.5625 * 0.5) + (104.52 * 0.5)) / 1.5), model.AcceleratorW(AcceleratorActivity.Busy(0.5, 0.5), 0.5), 1e-9);
    }

    [Fact]
    public void A_board_at_its_reference_limit_never_lowers_the_clock_itself()
    {
        // The catalog's boards: their step times were measured at their own limit, so the limit is in them already
        // (a step whose figures add up past 700 W is clipped, not slowed; rack and site caps slow it).
        var model = PowerModels.Phase(AcceleratorPower.H100Sxm);
        foreach (var (c, m) in new[] { (1.0, 0.0), (1.0, 1.0), (0.5, 0.5), (0.0, 1.0) })
        {
            Assert.Equal(1, model.BoardClock(AcceleratorActivity.Busy(c, m)));
        }

        // Nor does a limit above the reference: no clock above the measured one is known.
        var raised = PowerModels.Phase(AcceleratorPower.FromSpec(700, 75, 4.8e12) with { TdpW = 1000, ReferenceTdpW = 700 });
        Assert.Equal(1, raised.BoardClock(AcceleratorActivity.Busy(1, 0)));
        Assert.Equal(1000, raised.TdpW);
        Assert.Equal(700, raised.AcceleratorW(AcceleratorActivity.Busy(1, 0), 1), 1e-9);
    }

    [Fact]
    public void A_board_limited_below_its_reference_runs_a_compute_bound_step_at_the_clock_whose_power_fits()
    {
        // An H200 (idle 75 W, 625 W of compute at full clock on its 700 W board) limited to 500 W, as MLPerf's MaxQ runs:
        // a wholly compute-bound step needs 75 + 625 c V(c)^2 = 500, with V(c) = 1 - 1.25 (1 - c) above the floor:
        // c = 0.8970 by hand (V = 0.87125, 0.8970 x 0.75908 = 0.68089, 75 + 425.6 = 500.6 W; 0.8968 gives 500.2).
        var maxq = PowerModels.Phase(AcceleratorPower.FromSpec(700, 75, 4.8e12) with { TdpW = 500, ReferenceTdpW = 700 });
        var gemm = AcceleratorActivity.Busy(1, 0);
        var clock = maxq.BoardClock(gemm);
        Assert.InRange(clock, 0.8960, 0.8972);
        Assert.Equal(500, 75 + (625 * clock * Math.Pow(1 - (1.25 * (1 - clock)), 2)), 0.5);
        Assert.Equal(500, maxq.AcceleratorW(gemm, clock), 0.5);

        // A decode step drawing less than the new limit keeps its speed (75 + 625 x 0.2 + 150 x 0.8 = 320 W).
        Assert.Equal(1, maxq.BoardClock(AcceleratorActivity.Busy(0.2, 0.8)));
    }

    [Fact]
    public void A_step_the_reference_board_already_slowed_is_slowed_only_by_the_rest()
    {
        // A step of 80 % compute that also streams memory the whole time: 75 + 625 x 0.8 + 150 = 725 W at full clock,
        // over the 700 W reference, so the measured step time already holds a clock c_ref < 1. At 500 W the step's time
        // factor grows by T(c_500) / T(c_ref) only, and the clock handed to the replica, k, stretches it by exactly that.
        var p = AcceleratorPower.FromSpec(700, 75, 4.8e12);
        var reference = PowerModels.Phase(p);
        var maxq = PowerModels.Phase(p with { TdpW = 500, ReferenceTdpW = 700 });
        var step = AcceleratorActivity.Busy(0.8, 1);
        static double Fits(IPowerModel m, AcceleratorActivity a, double w)
        {
            double lo = 0.05, hi = 1;
            for (var i = 0; i < 60; i++)
            {
                var mid = (lo + hi) / 2;
                if (m.AcceleratorW(a, mid) < w - 1e-9) { lo = mid; } else { hi = mid; }
            }

            return lo;
        }

        var cRef = Fits(reference, step, 700);
        var c500 = Fits(reference, step, 500);
        Assert.True(cRef < 1 && c500 < cRef);
        var k = maxq.BoardClock(step);
        Assert.Equal(ClockScaling.TimeFactor(0.8, c500) / ClockScaling.TimeFactor(0.8, cRef), ClockScaling.TimeFactor(0.8, k), 1e-6);
    }

    [Fact]
    public void Inconsistent_figures_are_rejected_with_the_field_named()
    {
        var bad = AcceleratorPower.H100Sxm with { ComputeW = 800 };

        var error = Assert.Throws<ArgumentException>(() => PowerModels.Phase(bad));
        Assert.Contains("ComputeW", error.Message);

        var badCurve = AcceleratorPower.H100Sxm with { Voltage = new VoltageCurve(1.2, 0.8) };
        Assert.Contains("FloorVoltage", Assert.Throws<ArgumentException>(() => PowerModels.Phase(badCurve)).Message);
    }

    [Fact]
    public void A_busy_fraction_outside_zero_to_one_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AcceleratorActivity.Busy(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => AcceleratorActivity.Busy(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => AcceleratorActivity.Busy(0.5, -0.1));
    }
}
