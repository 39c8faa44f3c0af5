using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class RcThermalTests
{
    private static readonly ThermalParameters Air = CoolingParameters.Defaults(CoolingSystem.Air).Thermal;

    [Fact]
    public void A_power_step_approaches_the_steady_state_exponentially()
    {
        // Settled at 75 W with a 25 °C inlet: 25 + 75 x 0.0714 = 30.355 °C. Step to 700 W: T_ss = 74.98 °C,
        // time constant 0.0714 x 800 = 57.12 s. After one time constant T = T_ss - (T_ss - T0) / e.
        var rc = new RcThermal(Air, 0, inletC: 25, acceleratorW: 75);
        Assert.Equal(30.355, rc.TemperatureC, 1e-12);

        rc.Update(0, 700, 25);
        var tau = 0.0714 * 800;
        var tauNs = (long)Math.Round(tau * 1e9);

        Assert.Equal(74.98 - ((74.98 - 30.355) / Math.E), rc.TemperatureAt(tauNs), 1e-6);
        Assert.Equal(74.98, rc.TemperatureAt(100 * tauNs), 1e-9);
    }

    [Fact]
    public void Updating_at_intermediate_times_without_a_change_gives_the_same_temperature()
    {
        // The exact solution composes: stopping at any events in between changes nothing.
        var once = new RcThermal(Air, 0, 25, 75);
        once.Update(0, 700, 25);
        once.Update(90 * SimTime.Second, 700, 25);

        var often = new RcThermal(Air, 0, 25, 75);
        often.Update(0, 700, 25);
        for (var t = 1; t <= 900; t++)
        {
            often.Update(t * 100 * SimTime.Millisecond, 700, 25);
        }

        Assert.Equal(once.TemperatureC, often.TemperatureC, 1e-9);
    }

    [Fact]
    public void Cooling_down_follows_the_same_law()
    {
        var rc = new RcThermal(Air, 0, 25, 700); // settled at 74.98 °C
        rc.Update(0, 75, 25);
        var halfLife = Math.Log(2) * 0.0714 * 800;

        // Half-way from 74.98 to 30.355 after ln 2 time constants.
        Assert.Equal((74.98 + 30.355) / 2, rc.TemperatureAt((long)Math.Round(halfLife * 1e9)), 1e-6);
    }
}
