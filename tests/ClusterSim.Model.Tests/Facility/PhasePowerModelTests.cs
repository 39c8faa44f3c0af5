using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class PhasePowerModelTests
{
    [Theory]
    // Splitwise per-phase figures (calibration.md section 2): prefill = compute-bound, decode = memory-bound.
    [InlineData("h100", 75, 700, 380)]
    [InlineData("a100", 63, 400, 250)]
    public void Full_clock_reproduces_the_published_idle_prefill_and_decode_power(string part, double idle, double prefill, double decode)
    {
        var model = PowerModels.Phase(part == "h100" ? AcceleratorPower.H100Sxm : AcceleratorPower.A100Sxm80);

        Assert.Equal(idle, model.AcceleratorW(AcceleratorActivity.Idle, 1));
        Assert.Equal(prefill, model.AcceleratorW(AcceleratorActivity.Busy(1), 1));
        Assert.Equal(decode, model.AcceleratorW(AcceleratorActivity.Busy(0), 1));
    }

    [Fact]
    public void Busy_power_interpolates_linearly_in_the_compute_bound_fraction()
    {
        var model = PowerModels.Phase(AcceleratorPower.H100Sxm);

        // 380 + 0.25 (700 - 380) = 460 W.
        Assert.Equal(460, model.AcceleratorW(AcceleratorActivity.Busy(0.25), 1), 1e-12);
    }

    [Fact]
    public void Power_above_idle_scales_with_the_cube_of_the_clock()
    {
        var model = PowerModels.Phase(AcceleratorPower.H100Sxm);

        // Prefill at half clock: 75 + (700 - 75) 0.5^3 = 153.125 W. Decode at 0.8: 75 + 305 x 0.512 = 231.16 W.
        Assert.Equal(153.125, model.AcceleratorW(AcceleratorActivity.Busy(1), 0.5), 1e-12);
        Assert.Equal(231.16, model.AcceleratorW(AcceleratorActivity.Busy(0), 0.8), 1e-12);
    }

    [Fact]
    public void Inconsistent_figures_are_rejected_with_the_field_named()
    {
        var bad = AcceleratorPower.H100Sxm with { ComputeBoundW = 800 };

        var error = Assert.Throws<ArgumentException>(() => PowerModels.Phase(bad));
        Assert.Contains("ComputeBoundW", error.Message);
    }

    [Fact]
    public void A_busy_fraction_outside_zero_to_one_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AcceleratorActivity.Busy(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => AcceleratorActivity.Busy(double.NaN));
    }
}
