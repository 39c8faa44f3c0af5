using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

/// <summary>
/// <see cref="CostModel.Attribute"/>: each pool's cost from its own hardware and metered energy, split among its classes by
/// busy time, checked against figures worked by hand; and each facility group's metered IT energy.
/// </summary>
public sealed class CostAttributionTests
{
    // A cheap pool (4 accelerators at 10,000 USD, half a node) and a dear one (8 at 30,000 USD, one node), 2 accelerators in
    // no pool (the other half node), 1,000 USD a year of other opex; 14 accelerators and 2 nodes of 50,000 USD in all.
    private static CostParameters Owned() => new(Accelerators: 14, AcceleratorPriceUsd: ((4 * 10_000) + (8 * 30_000) + (2 * 10_000)) / 14.0,
        Nodes: 2, ServerPriceUsd: 50_000, NetworkUsd: 0, CoolingUsdPerKw: 0, DesignItKw: 0, LifetimeYears: 4, OpexUsdPerYear: 1_000);

    private static readonly ClassDelivery[] Classes =
    [
        new("chat", new ServiceCounts(OutputTokens: 1_000_000)),
        new("batch", new ServiceCounts(OutputTokens: 3_000_000)),
        new("clips", new ServiceCounts(VideoSeconds: 50)),
    ];

    // One hour. Cheap pool: chat busy 3,600 and batch 1,200 accelerator-seconds of its 14,400 (a third busy).
    // Dear pool: batch 14,400 and clips 14,400 of its 28,800 (always busy). The site drew 100 kWh, the pools 30 and 60.
    private static readonly PoolUsage[] Pools =
    [
        new("cheap", 4, 10_000, 0.5, 30, [3_600, 1_200, 0]),
        new("dear", 8, 30_000, 1, 60, [0, 14_400, 14_400]),
    ];

    [Fact]
    public void Owned_pools_carry_their_own_capital_and_metered_energy_split_among_their_classes_by_busy_time()
    {
        var cost = new CostModel(Owned()).Attribute(3600, energyUsd: 20, siteItKwh: 100, Classes, Pools);

        // By hand: a year is 8,760 h, the lifetime 4 of them.
        const double hourOfLife = 1 / (4 * 8760.0);
        const double opexPerAccelerator = 1_000 / 8760.0 / 14;
        var cheap = (((4 * 10_000) + (0.5 * 50_000)) * hourOfLife) + (20 * 30 / 100.0) + (4 * opexPerAccelerator);
        var dear = (((8 * 30_000) + (1 * 50_000)) * hourOfLife) + (20 * 60 / 100.0) + (8 * opexPerAccelerator);
        var outside = (((2 * 10_000) + (0.5 * 50_000)) * hourOfLife) + (20 * 10 / 100.0) + (2 * opexPerAccelerator);

        Assert.Equal("own", cost.Basis);
        Assert.Equal(cheap, cost.Pools[0].TotalUsd, 1e-9);
        Assert.Equal(dear, cost.Pools[1].TotalUsd, 1e-9);
        Assert.Equal(6, cost.Pools[0].EnergyUsd, 1e-12);
        Assert.Equal(0, cost.Pools[0].RentUsd);
        Assert.Equal(outside, cost.UnattributedUsd!.Value, 1e-9);
        Assert.Equal(cost.TotalUsd, cheap + dear + outside, 1e-9);

        // Cheap pool: a third busy, chat 3/4 of that; its idle two thirds go with the busy time.
        Assert.Equal(4_800 / 14_400.0, cost.Pools[0].BusyShare, 1e-12);
        Assert.Equal(cheap * 2 / 3, cost.Pools[0].IdleUsd, 1e-9);
        Assert.Equal(0, cost.Pools[1].IdleUsd, 1e-12);
        var chat = cheap * 0.75;
        var batch = (cheap * 0.25) + (dear * 0.5);
        var clips = dear * 0.5;
        Assert.Equal(chat, cost.Classes[0].TotalUsd, 1e-9);
        Assert.Equal(batch, cost.Classes[1].TotalUsd, 1e-9);
        Assert.Equal(clips, cost.Classes[2].TotalUsd, 1e-9);
        Assert.Equal(chat, cost.Classes[0].UsdPerMillionOutputTokens!.Value, 1e-9);
        Assert.Equal(batch / 3, cost.Classes[1].UsdPerMillionOutputTokens!.Value, 1e-9);
        Assert.Equal(clips / 50, cost.Classes[2].UsdPerVideoSecond!.Value, 1e-12);
        Assert.Null(cost.Classes[2].UsdPerMillionOutputTokens);

        // The run's unit costs are those of the classes with the unit, not the cluster's whole cost.
        Assert.Equal((chat + batch) / 4, cost.UsdPerMillionOutputTokens!.Value, 1e-9);
        Assert.Equal(clips / 50, cost.UsdPerVideoSecond!.Value, 1e-12);
        Assert.Null(cost.UsdPerAvatarHour);
    }

    [Fact]
    public void Rented_pools_carry_their_own_rent_and_no_electricity()
    {
        // Rent: cheap 1.5 USD/h, dear 6 USD/h, the two accelerators in no pool at 1.5 too (mean over 14 as the compiler gives it).
        var rented = Owned() with { RentUsdPerAcceleratorHour = ((4 * 1.5) + (8 * 6) + (2 * 1.5)) / 14 };
        var pools = Pools.Select(p => p with { AcceleratorUsd = p.Pool == "cheap" ? 1.5 : 6 }).ToArray();
        var cost = new CostModel(rented).Attribute(7200, energyUsd: 20, siteItKwh: 100, Classes, pools.Select(p =>
            p with { BusySecondsByClass = [.. p.BusySecondsByClass.Select(b => 2 * b)] }).ToArray());

        const double opexPerAccelerator = 2 * 1_000 / 8760.0 / 14;
        var cheap = (4 * 1.5 * 2) + (4 * opexPerAccelerator);
        var dear = (8 * 6 * 2) + (8 * opexPerAccelerator);
        Assert.Equal("rent", cost.Basis);
        Assert.Equal(0, cost.EnergyUsd);
        Assert.All(cost.Pools, p => Assert.Equal(0, p.EnergyUsd + p.CapexUsd));
        Assert.Equal(4 * 1.5 * 2, cost.Pools[0].RentUsd, 1e-12);
        Assert.Equal(cheap, cost.Pools[0].TotalUsd, 1e-9);
        Assert.Equal(dear, cost.Pools[1].TotalUsd, 1e-9);
        Assert.Equal((2 * 1.5 * 2) + (2 * opexPerAccelerator), cost.UnattributedUsd!.Value, 1e-9);
        Assert.Equal(cheap * 0.75, cost.Classes[0].TotalUsd, 1e-9);
        Assert.Equal(dear * 0.5, cost.Classes[2].TotalUsd, 1e-9);
    }

    [Fact]
    public void A_pool_no_class_kept_busy_is_charged_to_no_class()
    {
        var idle = Pools[0] with { BusySecondsByClass = [0, 0, 0] };
        var cost = new CostModel(Owned()).Attribute(3600, 20, 100, Classes, [idle, Pools[1]]);

        Assert.Equal(0, cost.Classes[0].TotalUsd);
        Assert.Equal(0, cost.Classes[0].UsdPerMillionOutputTokens);
        Assert.Equal(cost.TotalUsd, cost.Classes.Sum(c => c.TotalUsd) + cost.UnattributedUsd!.Value, 1e-9);
        Assert.True(cost.UnattributedUsd > cost.Pools[0].TotalUsd - 1e-12);
    }

    [Fact]
    public void Pools_costing_more_than_the_cluster_are_refused()
    {
        var tooMany = Pools[1] with { Accelerators = 20 };
        var ex = Assert.Throws<ArgumentException>(() => new CostModel(Owned()).Attribute(3600, 20, 100, Classes, [Pools[0], tooMany]));
        Assert.Contains("more than the cluster's", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_group_is_metered_its_own_accelerators_and_a_share_of_its_nodes_by_accelerators()
    {
        // One 8x H100 node: group A (4 accelerators) prefills 600 s then idles 3,000 s; group B (2) idles; 2 in no group.
        var (sim, facility) = FacilityRig.Build(CoolingSystem.Air);
        var a = facility.AddGroup(node: 0, accelerators: 4);
        var b = facility.AddGroup(node: 0, accelerators: 2);
        Assert.True(facility.TrySetActivity(a, AcceleratorActivity.Busy(1)));
        sim.Run(600 * SimTime.Second);
        Assert.True(facility.TrySetActivity(a, AcceleratorActivity.Idle));
        sim.Run(3600 * SimTime.Second);
        var joules = facility.GroupItJoules();

        // By hand (FacilityRig: idle 75 W, Busy(1) 700 W; host and network 1,700 W; fans 100 + 1,100 (GPU W / 5,600)^3).
        static double Rest(double gpuW) => FacilityRig.NodeW(gpuW) - gpuW;
        var ownA = (4 * 700 * 600.0) + (4 * 75 * 3000.0);
        var ownB = 2 * 75 * 3600.0;
        var rest = (Rest((4 * 700) + (4 * 75)) * 600) + (Rest(8 * 75) * 3000);
        Assert.Equal(ownA + (rest * 4 / 8), joules[a], 1e-6);
        Assert.Equal(ownB + (rest * 2 / 8), joules[b], 1e-6);

        // The groups and the accelerators in none (their own 75 W and their quarter of the rest) make the site's IT energy;
        // the site sum holds the node's power to 2^-30 W (FacilityPowerSums), within 2e-6 J over the hour.
        var none = (2 * 75 * 3600.0) + (rest * 2 / 8);
        Assert.Equal(facility.Summarize().ItKwh * 3.6e6, joules[a] + joules[b] + none, 1e-5);
        Assert.Equal(0.5, facility.GroupNodeShare(a), 1e-12);
        Assert.Equal(0.25, facility.GroupNodeShare(b), 1e-12);
    }
}
