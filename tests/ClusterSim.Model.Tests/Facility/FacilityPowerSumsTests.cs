using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class FacilityPowerSumsTests
{
    [Theory]
    [InlineData(null, 2)]
    [InlineData(30_000.0, 2)]
    [InlineData(null, 9)]
    [InlineData(135_000.0, 9)]
    public void Site_and_rack_power_stay_bit_identical_to_a_full_left_to_right_sum_after_any_sequence_of_changes(double? siteCapW, int nodesPerRack)
    {
        // The site sum is refolded only from the changed group's rack onward, and a rack's sum only from the
        // group's node onward; a stale partial sum would show here as a last-digit difference against the full
        // fold of the node or rack figures.
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
            var group = groups[random.Next(groups.Count)];
            var activity = random.Next(5) switch
            {
                0 => AcceleratorActivity.Idle,
                1 => AcceleratorActivity.Sleep,
                _ => AcceleratorActivity.Busy(random.NextDouble()),
            };
            facility.TrySetActivity(group, activity);

            var site = 0.0;
            for (var rack = 0; rack < facility.RackCount; rack++)
            {
                var rackW = 0.0;
                for (var node = nodesPerRack * rack; node < nodesPerRack * (rack + 1); node++)
                {
                    rackW += facility.NodeItW(node);
                }

                Assert.Equal(rackW, facility.RackItW(rack));
                site += facility.RackItW(rack);
            }

            Assert.Equal(site, facility.SiteItW);
        }
    }
}
