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
