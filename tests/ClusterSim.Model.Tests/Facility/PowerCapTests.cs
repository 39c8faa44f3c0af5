using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class PowerCapTests
{
    private const int Racks = 2;
    private const int NodesPerRack = 2;

    private sealed record RunResult(EnergySummary Summary, double MeanComputeTimeFactor, double PeakSiteW, int Refusals);

    /// <summary>
    /// 16 groups of 2 GPUs on 4 DGX-H100s starting random iterations (mostly prefill-heavy) every
    /// 5-50 ms for ten minutes. After every call, checks the caps and recomputes the site's power
    /// independently from each group's reported activity and clock.
    /// </summary>
    private static RunResult RunRandomLoad(double? siteCapW, double? rackCapW)
    {
        var (sim, facility) = FacilityRig.Build(CoolingSystem.DirectLiquid, Racks, NodesPerRack, siteCapW: siteCapW, rackCapW: rackCapW);
        var groups = new List<(int Group, int Node)>();
        for (var node = 0; node < Racks * NodesPerRack; node++)
        {
            for (var k = 0; k < 4; k++)
            {
                groups.Add((facility.AddGroup(node, 2), node));
            }
        }

        var random = new Random(42);
        var time = 0L;
        var factorSum = 0.0;
        var busyStarts = 0;
        var refusals = 0;
        var peak = 0.0;
        while (time < 10 * SimTime.Minute)
        {
            time += random.Next(5, 50) * SimTime.Millisecond;
            sim.Run(time);
            var (g, _) = groups[random.Next(groups.Count)];
            var roll = random.NextDouble();
            var activity = roll < 0.8 ? AcceleratorActivity.Busy(0.5 + (0.5 * random.NextDouble()))
                : roll < 0.97 ? AcceleratorActivity.Idle : AcceleratorActivity.Sleep;
            if (facility.TrySetActivity(g, activity))
            {
                if (activity.State == AcceleratorState.Busy)
                {
                    factorSum += ClockScaling.TimeFactor(activity.ComputeBoundFraction, facility.ClockFactor(g));
                    busyStarts++;
                    Assert.InRange(facility.ClockFactor(g), 0.5, 1);
                }
            }
            else
            {
                refusals++;
            }

            // The invariant, at this event time: site and rack IT power within their caps.
            Assert.True(facility.SiteItW <= (siteCapW ?? double.PositiveInfinity), $"site {facility.SiteItW} W over the cap {siteCapW} W at {time} ns");
            for (var r = 0; r < Racks; r++)
            {
                Assert.True(facility.RackItW(r) <= (rackCapW ?? double.PositiveInfinity), $"rack {r}: {facility.RackItW(r)} W over {rackCapW} W");
            }

            // Conservation: the reported site power is the sum of what each group's activity and clock draw.
            var nodeAccW = new double[Racks * NodesPerRack];
            var nodeAllAsleep = Enumerable.Repeat(true, nodeAccW.Length).ToArray();
            foreach (var (group, node) in groups)
            {
                var a = facility.ActivityOf(group);
                nodeAccW[node] += 2 * FacilityRig.H100.AcceleratorW(a, facility.ClockFactor(group));
                nodeAllAsleep[node] &= a.State == AcceleratorState.Sleep;
            }

            var site = 0.0;
            for (var n = 0; n < nodeAccW.Length; n++)
            {
                site += nodeAllAsleep[n] ? 50 : FacilityRig.NodeW(nodeAccW[n], fanScale: 0.3);
            }

            Assert.Equal(site, facility.SiteItW, 1e-6);
            peak = Math.Max(peak, facility.SiteItW);
        }

        return new RunResult(facility.Summarize(), factorSum / busyStarts, peak, refusals);
    }

    [Fact]
    public void Under_a_site_cap_below_peak_demand_site_power_never_exceeds_the_cap_and_latency_rises()
    {
        var uncapped = RunRandomLoad(siteCapW: null, rackCapW: null);
        const double cap = 24_000; // the uncapped run peaks above 28 kW (checked below)
        var capped = RunRandomLoad(siteCapW: cap, rackCapW: null);

        Assert.True(uncapped.PeakSiteW > cap + 2000, $"the uncapped peak {uncapped.PeakSiteW} W must exceed the cap for the test to mean anything");
        Assert.True(capped.PeakSiteW <= cap);
        Assert.Equal(1, uncapped.MeanComputeTimeFactor);
        Assert.Equal(1, uncapped.Summary.MeanBusyClock);
        Assert.True(capped.MeanComputeTimeFactor > 1.02, $"capped iterations slowed by {capped.MeanComputeTimeFactor}");
        Assert.True(capped.Summary.MeanBusyClock < 0.99);
        Assert.True(capped.Summary.CapLimitedAcceleratorHours > 0);
        Assert.True(capped.Summary.ItKwh < uncapped.Summary.ItKwh);
        Assert.Equal(24, capped.Summary.SiteCapKw);
    }

    [Fact]
    public void Under_rack_caps_each_rack_stays_within_its_cap()
    {
        var capped = RunRandomLoad(siteCapW: null, rackCapW: 12_500);

        Assert.True(capped.PeakSiteW <= 25_000);
        Assert.True(capped.Summary.MeanBusyClock < 1);
    }

    [Fact]
    public void A_cap_that_cannot_fit_new_work_even_at_the_lowest_clock_holds_it_back_until_power_frees()
    {
        // One node, site cap 3 kW; idle IT is 2,401 W. Group A (4 GPUs) prefilling at full clock would take
        // the node to 5,086 W; at the lowest clock (0.5) its GPUs draw 153.125 W each, 2,717 W in all, so it
        // fits at a clock in between (about 0.62, where IT reaches 3 kW). Group B then cannot fit even at 0.5.
        var (sim, facility) = FacilityRig.Build(CoolingSystem.Air, siteCapW: 3_000);
        var a = facility.AddGroup(0, 4);
        var b = facility.AddGroup(0, 4);
        var freed = 0;
        facility.HeadroomFreed = () => freed++;

        Assert.True(facility.TrySetActivity(a, AcceleratorActivity.Busy(1)));
        var clockA = facility.ClockFactor(a);
        Assert.True(clockA < 1);
        Assert.True(facility.SiteItW <= 3_000);

        // With A holding its clock, B cannot fit even at 0.5: held back.
        sim.Run(SimTime.Millisecond);
        Assert.False(facility.TrySetActivity(b, AcceleratorActivity.Busy(1)));
        Assert.Equal(AcceleratorState.Idle, facility.ActivityOf(b).State);
        Assert.Equal(1, facility.HeldBack);

        // A finishes: power falls, the callback fires, and B now fits.
        sim.Run(2 * SimTime.Millisecond);
        Assert.True(facility.TrySetActivity(a, AcceleratorActivity.Idle));
        Assert.Equal(1, freed);
        Assert.True(facility.TrySetActivity(b, AcceleratorActivity.Busy(1)));
        Assert.True(facility.SiteItW <= 3_000);
    }

    [Fact]
    public void Groups_sharing_a_cap_converge_to_the_same_clock_and_none_starves()
    {
        // One node, site cap 4 kW; two groups of 4 GPUs run back-to-back prefills of 5 ms at full clock,
        // retrying every millisecond when held back. Both busy at clock x: GPUs 600 + 5,000 x^3 W, IT =
        // GPUs + 1,800 + 1,100 (GPUs / 5,600)^3 = 4,000 W at x = 0.677.
        var (sim, facility) = FacilityRig.Build(CoolingSystem.Air, siteCapW: 4_000);
        var groups = new[] { facility.AddGroup(0, 4), facility.AddGroup(0, 4) };
        var busyUntil = new long[2];
        var iterations = new int[2];
        for (var t = 0L; t <= 2 * SimTime.Second; t += SimTime.Millisecond)
        {
            sim.Run(t);
            for (var i = 0; i < 2; i++)
            {
                if (t >= busyUntil[i] && facility.TrySetActivity(groups[i], AcceleratorActivity.Busy(1)))
                {
                    busyUntil[i] = t + ClockScaling.Stretch(5 * SimTime.Millisecond, 1, facility.ClockFactor(groups[i]));
                    iterations[i]++;
                }

                Assert.True(facility.SiteItW <= 4_000);
            }
        }

        var x = Math.Cbrt((2150.0 - 600) / 5000); // GPUs at 2,150 W: 2,150 + 1,800 + 1,100 (2,150 / 5,600)^3 = 4,012 W, close to the cap
        Assert.InRange(facility.ClockFactor(groups[0]), x - 0.01, x + 0.01);
        Assert.Equal(facility.ClockFactor(groups[0]), facility.ClockFactor(groups[1]), 1e-6);
        Assert.InRange(iterations[0] / (double)iterations[1], 0.9, 1.1);
    }

    [Fact]
    public void A_cap_below_idle_power_is_rejected_when_the_facility_is_built()
    {
        var error = Assert.Throws<ArgumentException>(() => FacilityRig.Build(CoolingSystem.Air, siteCapW: 1_000));
        Assert.Contains("below the cluster's idle power", error.Message);
    }

    [Fact]
    public void A_board_limited_below_its_reference_slows_a_busy_group_without_any_cap()
    {
        // Two nodes, one of catalog H200s and one of the same H200s limited to 500 W (MLPerf's MaxQ), no rack or site
        // cap: a compute-bound group on the limited node runs at the clock its boards allow (0.897), the other at 1; an
        // idle one keeps its thermal clock; the limit is no cap, so the group is not counted as cap-limited.
        var full = AcceleratorPower.FromSpec(700, 75, 4.8e12);
        var maxq = PowerModels.Phase(full with { TdpW = 500, ReferenceTdpW = 700 });
        var sim = new Simulation(seed: 1);
        var nodes = new List<NodeConfig>
        {
            new("full", 0, 8, PowerModels.Phase(full), NodePower.DgxH100),
            new("maxq", 0, 8, maxq, NodePower.DgxH100),
        };
        var facility = new FacilityModel(sim, new FacilityOptions { Cooling = CoolingModels.Default(CoolingSystem.DirectLiquid) },
            [new RackConfig("rack", null)], nodes);
        var free = facility.AddGroup(0, 8);
        var limited = facility.AddGroup(1, 8);

        var gemm = AcceleratorActivity.Busy(1, 0);
        Assert.True(facility.TrySetActivity(free, gemm));
        Assert.True(facility.TrySetActivity(limited, gemm));
        Assert.Equal(1, facility.ClockFactor(free));
        Assert.Equal(maxq.BoardClock(gemm), facility.ClockFactor(limited));
        Assert.InRange(facility.ClockFactor(limited), 0.896, 0.898);
        Assert.False(facility.ClocksCanChange);

        Assert.True(facility.TrySetActivity(limited, AcceleratorActivity.Idle));
        Assert.Equal(1, facility.ClockFactor(limited));
        sim.Run(SimTime.Minute);
        Assert.Equal(0, facility.Summarize().CapLimitedAcceleratorHours);
    }
}
