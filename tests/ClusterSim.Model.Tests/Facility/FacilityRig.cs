using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

/// <summary>Builds DGX-H100-like facilities for the tests.</summary>
internal static class FacilityRig
{
    /// <summary>
    /// H100 figures chosen for hand arithmetic, not physics: Splitwise's whole-step phase powers (idle 75 W,
    /// <c>Busy(1)</c> 700 W, <c>Busy(0)</c> 75 + 305 = 380 W) and dynamic power as clock^3 (a voltage
    /// proportional to the clock all the way down). The facility tests check sums, ledgers, caps and heat, so
    /// they keep the round figures; the physics is tested in PhasePowerModelTests and PowerCappingValidationTests.
    /// </summary>
    public static readonly IPowerModel H100 = PowerModels.Phase(
        new AcceleratorPower(IdleW: 75, ComputeW: 625, MemoryW: 305, SleepW: 37.5, TdpW: 700) { Voltage = new VoltageCurve(1e-9, 1e-9) });

    /// <summary><paramref name="racks"/> racks of <paramref name="nodesPerRack"/> 8x H100 nodes.</summary>
    public static (Simulation Sim, FacilityModel Facility) Build(
        CoolingSystem cooling = CoolingSystem.Air,
        int racks = 1,
        int nodesPerRack = 1,
        OutsideTemperature? outside = null,
        double? siteCapW = null,
        double? rackCapW = null,
        DailySchedule? price = null,
        DailySchedule? carbon = null)
    {
        var sim = new Simulation(seed: 1);
        var rackList = Enumerable.Range(0, racks).Select(r => new RackConfig($"rack{r}", rackCapW)).ToList();
        var nodes = new List<NodeConfig>();
        for (var r = 0; r < racks; r++)
        {
            for (var n = 0; n < nodesPerRack; n++)
            {
                nodes.Add(new NodeConfig($"r{r}n{n}", r, 8, H100, NodePower.DgxH100));
            }
        }

        var options = new FacilityOptions
        {
            Cooling = CoolingModels.Default(cooling),
            Outside = outside ?? OutsideTemperature.Constant(15),
            SiteCapW = siteCapW,
            ElectricityUsdPerKwh = price ?? DailySchedule.Flat(0.0806),
            CarbonGramsPerKwh = carbon,
        };
        return (sim, new FacilityModel(sim, options, rackList, nodes));
    }

    /// <summary>Independent recomputation of one DGX-H100 node's IT power from its accelerators' watts (air fan scale 1).</summary>
    public static double NodeW(double acceleratorW, double fanScale = 1)
    {
        var u = Math.Min(1, acceleratorW / 5600);
        return acceleratorW + 1500 + 200 + (fanScale * (100 + (1100 * u * u * u)));
    }
}
