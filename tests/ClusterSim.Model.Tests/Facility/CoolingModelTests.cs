using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class CoolingModelTests
{
    private const double Design = 100_000;

    [Theory]
    [InlineData(CoolingSystem.Air, 1.5)]
    [InlineData(CoolingSystem.DirectLiquid, 1.035)]
    [InlineData(CoolingSystem.Immersion, 1.03)]
    public void Design_load_in_mild_weather_gives_the_documented_pue(CoolingSystem system, double pue)
    {
        var cooling = CoolingModels.Default(system);

        Assert.Equal(pue, cooling.Pue(Design, Design, outsideC: 10), 1e-12);
    }

    [Fact]
    public void Pue_rises_at_low_load_because_a_share_of_the_overhead_is_fixed()
    {
        var air = CoolingModels.Default(CoolingSystem.Air);

        // Half load: 1 + 0.5 (0.3 / 0.5 + 0.7) = 1.65. Tenth: 1 + 0.5 (3 + 0.7) = 2.85.
        Assert.Equal(1.65, air.Pue(Design / 2, Design, 10), 1e-12);
        Assert.Equal(2.85, air.Pue(Design / 10, Design, 10), 1e-12);
    }

    [Fact]
    public void Pue_rises_with_each_degree_above_free_cooling()
    {
        var air = CoolingModels.Default(CoolingSystem.Air);
        var liquid = CoolingModels.Default(CoolingSystem.DirectLiquid);

        // Air at 35 °C: 15 degrees above 20 at 0.01 = +0.15. Liquid: 5 above 30 at 0.004 = +0.02.
        Assert.Equal(1.65, air.Pue(Design, Design, 35), 1e-12);
        Assert.Equal(1.055, liquid.Pue(Design, Design, 35), 1e-12);
    }

    [Fact]
    public void Overhead_energy_integrates_the_temperature_term_exactly()
    {
        var air = CoolingModels.Default(CoolingSystem.Air);
        var outside = OutsideTemperature.Table([0, 3600], [20, 40]);

        // IT 50 kW for an hour while the outside warms linearly from 20 to 40 °C:
        // load part 0.5 (0.3 x 100 + 0.7 x 50) kW x 3600 s; temperature part 0.01 x 50 kW x ∫(T - 20) dt = 0.01 x 50,000 x (20 x 3600 / 2).
        var expected = (0.5 * ((0.3 * Design) + (0.7 * 50_000)) * 3600) + (0.01 * 50_000 * (20 * 3600 / 2.0));

        Assert.Equal(expected, air.OverheadJoules(50_000, Design, 0, SimTime.Hour, outside), 1e-6);
    }

    [Fact]
    public void Supply_temperature_follows_the_outside_plus_approach_above_the_set_point()
    {
        var air = CoolingModels.Default(CoolingSystem.Air);
        var liquid = CoolingModels.Default(CoolingSystem.DirectLiquid);

        Assert.Equal(20, air.InletC(5));
        Assert.Equal(42, air.InletC(40));
        Assert.Equal(30, liquid.InletC(20));
        Assert.Equal(45, liquid.InletC(40));
    }

    [Fact]
    public void Liquid_cooling_sustains_more_power_per_accelerator_than_air_on_a_hot_day()
    {
        var air = CoolingModels.Default(CoolingSystem.Air);
        var liquid = CoolingModels.Default(CoolingSystem.DirectLiquid);

        // At 40 °C outside: air (85 - 42) / 0.0714 = 602 W, below an H100's 700 W; liquid (85 - 45) / 0.03 = 1,333 W.
        Assert.Equal((85 - 42) / 0.0714, air.Thermal.SustainableW(air.InletC(40)), 1e-9);
        Assert.True(air.Thermal.SustainableW(air.InletC(40)) < 700);
        Assert.True(liquid.Thermal.SustainableW(liquid.InletC(40)) > 700);
    }

    [Fact]
    public void Invalid_curves_are_rejected()
    {
        var bad = CoolingParameters.Defaults(CoolingSystem.Air) with { DesignPue = 0.9 };

        Assert.Throws<ArgumentException>(() => CoolingModels.Create(bad));
        Assert.Throws<ArgumentException>(() => CoolingModels.Create(
            CoolingParameters.Defaults(CoolingSystem.Air) with { Thermal = CoolingParameters.Defaults(CoolingSystem.Air).Thermal with { ReleaseAtC = 90 } }));
    }
}
