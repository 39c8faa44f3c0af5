using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class FacilityPowerSumsTests
{
    // A rack or site sum is exact in units of 2^-30 W, each node's figure rounded to the unit once: within
    // half a unit per node of the node figures' sum (the reference fold below adds its own last-digit error).
    private const double HalfUnitW = 1.0 / (1L << 31);

    [Theory]
    [InlineData(null, 2)]
    [InlineData(30_000.0, 2)]
    [InlineData(null, 9)]
    [InlineData(135_000.0, 9)]
    public void Site_and_rack_power_equal_the_sum_of_their_nodes_after_any_sequence_of_changes(double? siteCapW, int nodesPerRack)
    {
        // Racks and the site move by each node's change only; a missed or doubled change would show here
        // as a difference against the sum of the node figures.
        var (sim, facility) = FacilityRig.Build(CoolingSystem.Air, racks: 4, nodesPerRack: nodesPerRack, siteCapW: siteCapW);
        var groups = new List<int>();
        for (var node = 0; node < facility.NodeCount; node++)
        {
            groups.Add(facility.AddGroup(node, 4));
            groups.Add(facility.AddGroup(node, 4));
        }

        var random = new Random(7);
        var time = 0L;
        for (var step = 0; step < 2_000; step++)
        {
            time += SimTime.Millisecond;
            sim.Run(time);
            facility.TrySetActivity(groups[random.Next(groups.Count)], RandomActivity(random));

            var site = 0.0;
            for (var rack = 0; rack < facility.RackCount; rack++)
            {
                var rackW = 0.0;
                for (var node = nodesPerRack * rack; node < nodesPerRack * (rack + 1); node++)
                {
                    rackW += facility.NodeItW(node);
                }

                Assert.Equal(rackW, facility.RackItW(rack), (nodesPerRack * HalfUnitW) + (rackW * 1e-15));
                site += rackW;
            }

            Assert.Equal(site, facility.SiteItW, (facility.NodeCount * HalfUnitW) + (site * 1e-15));
        }
    }

    [Fact]
    public void Rack_and_site_power_do_not_depend_on_the_order_groups_changed_in()
    {
        // Two facilities reach the same activities by different paths (one wanders through random states
        // first, the other sets the final states in reverse order): every sum agrees to the bit.
        const int nodesPerRack = 5;
        var (_, a) = FacilityRig.Build(CoolingSystem.Air, racks: 3, nodesPerRack: nodesPerRack);
        var (_, b) = FacilityRig.Build(CoolingSystem.Air, racks: 3, nodesPerRack: nodesPerRack);
        var groups = new List<int>();
        for (var node = 0; node < a.NodeCount; node++)
        {
            for (var k = 0; k < 2; k++)
            {
                groups.Add(a.AddGroup(node, 4));
                Assert.Equal(groups[^1], b.AddGroup(node, 4));
            }
        }

        var random = new Random(11);
        var final = new AcceleratorActivity[groups.Count];
        Array.Fill(final, AcceleratorActivity.Idle);
        for (var step = 0; step < 3_000; step++)
        {
            var i = random.Next(groups.Count);
            final[i] = RandomActivity(random);
            Assert.True(a.TrySetActivity(groups[i], final[i]));
        }

        for (var i = groups.Count - 1; i >= 0; i--)
        {
            Assert.True(b.TrySetActivity(groups[i], final[i]));
        }

        for (var rack = 0; rack < a.RackCount; rack++)
        {
            Assert.Equal(a.RackItW(rack), b.RackItW(rack));
        }

        Assert.Equal(a.SiteItW, b.SiteItW);
        Assert.NotEqual(0, a.SiteItW);
    }

    private static AcceleratorActivity RandomActivity(Random random) => random.Next(5) switch
    {
        0 => AcceleratorActivity.Idle,
        1 => AcceleratorActivity.Sleep,
        _ => AcceleratorActivity.Busy(random.NextDouble()),
    };
}
