using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class FacilityHotPathTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Setting_activities_allocates_nothing_once_warm(bool capped)
    {
        // Called at every iteration of every replica, so it must not allocate (caps and thermal ticks included).
        var (sim, facility) = FacilityRig.Build(CoolingSystem.Air, racks: 2, nodesPerRack: 2,
            outside: OutsideTemperature.Constant(45), siteCapW: capped ? 25_000 : null);
        var groups = Enumerable.Range(0, 4).Select(n => facility.AddGroup(n, 8)).ToArray();
        var time = 0L;
        void Drive(int calls)
        {
            for (var i = 0; i < calls; i++)
            {
                time += 3 * SimTime.Millisecond;
                sim.Run(time);
                facility.TrySetActivity(groups[i % 4], i % 32 < 28 ? AcceleratorActivity.Busy(1) : AcceleratorActivity.Idle);
            }
        }

        Drive(20_000); // warm: JIT, series buckets, thermal throttling under way
        var before = GC.GetAllocatedBytesForCurrentThread();
        Drive(20_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);

        // The paths measured were the busy ones: throttling when uncapped (47 °C inlet), clocks lowered by the cap
        // otherwise (which keeps the GPUs cool enough not to throttle).
        if (capped)
        {
            Assert.True(facility.Summarize().CapLimitedAcceleratorHours > 0);
        }
        else
        {
            Assert.NotEmpty(facility.ThrottleIntervals());
        }
    }

    [Fact]
    public void Groups_cannot_take_more_accelerators_than_a_node_has()
    {
        var (_, facility) = FacilityRig.Build();
        facility.AddGroup(0, 6);

        var error = Assert.Throws<ArgumentException>(() => facility.AddGroup(0, 4));
        Assert.Contains("2 unassigned accelerators", error.Message);
    }

    [Fact]
    public void A_group_spanning_two_nodes_runs_at_the_slower_node_s_clock()
    {
        // Two nodes; the first has a worse thermal path (0.1 K/W against the default 0.0714).
        var sim = new Simulation();
        var air = CoolingParameters.Defaults(CoolingSystem.Air);
        var hot = air.Thermal with { ResistanceKPerW = 0.1 };
        var facility = new FacilityModel(sim, new FacilityOptions { Cooling = CoolingModels.Create(air), Outside = OutsideTemperature.Constant(25) },
            [new RackConfig("r")],
            [new NodeConfig("hot", 0, 8, FacilityRig.H100, NodePower.DgxH100, hot), new NodeConfig("cool", 0, 8, FacilityRig.H100, NodePower.DgxH100)]);
        var g = facility.AddGroup([new GroupPiece(0, 8), new GroupPiece(1, 8)]);
        for (long t = 0; t < 10 * SimTime.Minute; t += 100 * SimTime.Millisecond)
        {
            sim.Run(t);
            facility.TrySetActivity(g, AcceleratorActivity.Busy(1));
        }

        // Hot node: 25 + 700 x 0.1 = 95 °C at full clock, so it throttles; the cool one (75 °C) does not.
        Assert.True(facility.NodeThermalClock(0) < 1);
        Assert.Equal(1, facility.NodeThermalClock(1));
        Assert.Equal(facility.NodeThermalClock(0), facility.ClockFactor(g));
    }
}
