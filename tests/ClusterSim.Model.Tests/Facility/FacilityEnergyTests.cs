using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class FacilityEnergyTests
{
    [Fact]
    public void An_idle_cluster_for_one_hour_uses_exactly_idle_power_times_time_times_pue()
    {
        // 2 racks x 3 nodes of 8x H100, all idle, air cooling, 15 °C outside (free cooling).
        var (sim, facility) = FacilityRig.Build(CoolingSystem.Air, racks: 2, nodesPerRack: 3);
        sim.Run(SimTime.Hour);
        var summary = facility.Summarize();

        // By hand: a node idles at 8 x 75 = 600 W of GPUs, 1,500 + 200 W of host and network, and fans at
        // 100 + 1,100 (600 / 5,600)^3 W. Design IT per node 5,600 + 1,700 + 1,200 = 8,500 W.
        var nodeIdle = 600 + 1700 + 100 + (1100 * Math.Pow(600.0 / 5600, 3));
        var it = 6 * nodeIdle;
        var design = 6 * 8500.0;
        var pue = 1 + (0.5 * ((0.3 * design / it) + 0.7));
        var expectedKwh = it * 3600 * pue / 3.6e6;

        Assert.True(Math.Abs(summary.FacilityKwh - expectedKwh) / expectedKwh < 1e-9, $"{summary.FacilityKwh} kWh against {expectedKwh}");
        Assert.True(Math.Abs(summary.ItKwh - (it / 1000)) / (it / 1000) < 1e-9);
        Assert.Equal(pue, summary.MeanPue, 1e-9);
        Assert.Equal(it / 1000, summary.PeakItKw, 1e-9);
        Assert.Equal(0, summary.ThrottleIntervals);
    }

    [Fact]
    public void Hand_computed_energy_and_cost_of_a_fixed_pattern_on_8_h100_match()
    {
        // One DGX-H100 (8x H100), air, 15 °C outside; tariff 0.06 USD/kWh until 00:30, then 0.12.
        // The group prefills for 10 min, decodes for 30 min, then idles for 20 min.
        var tariff = DailySchedule.Periods([(0, 0.06), (1800, 0.12)]);
        var (sim, facility) = FacilityRig.Build(CoolingSystem.Air, price: tariff);
        var g = facility.AddGroup(node: 0, accelerators: 8);
        Assert.True(facility.TrySetActivity(g, AcceleratorActivity.Busy(1)));
        sim.Run(600 * SimTime.Second);
        Assert.True(facility.TrySetActivity(g, AcceleratorActivity.Busy(0)));
        sim.Run(2400 * SimTime.Second);
        Assert.True(facility.TrySetActivity(g, AcceleratorActivity.Idle));
        sim.Run(3600 * SimTime.Second);
        var energy = facility.Summarize();

        // By hand. IT power per phase: GPUs + host 1,500 + network 200 + fans 100 + 1,100 u^3 (u = GPU W / 5,600):
        //   prefill 5,600 + 1,700 + 1,200                     = 8,500 W
        //   decode  3,040 + 1,700 + 100 + 1,100 (3,040/5,600)^3 = 5,015.974 W
        //   idle      600 + 1,700 + 100 + 1,100 (600/5,600)^3   = 2,401.353 W
        const double prefill = 8500;
        var decode = 3040 + 1700 + 100 + (1100 * Math.Pow(3040.0 / 5600, 3));
        var idle = 600 + 1700 + 100 + (1100 * Math.Pow(600.0 / 5600, 3));
        var itJ = (prefill * 600) + (decode * 1800) + (idle * 1200);
        Assert.Equal(4.7251, itJ / 3.6e6, 1e-4); // the hand figure, to the digits worked on paper

        // Overhead (air, design PUE 1.5, 30 % fixed, design IT 8,500 W): 0.5 (0.3 x 8,500 + 0.7 P) per second.
        double Overhead(double itJoules, double seconds) => 0.5 * ((0.3 * 8500 * seconds) + (0.7 * itJoules));
        var facilityJ = itJ + Overhead(itJ, 3600);

        // Bill: [0, 1,800) s at 0.06 (all of the prefill, 20 of the 30 decode minutes), the rest at 0.12.
        var firstJ = (prefill * 600) + (decode * 1200);
        var secondJ = (decode * 600) + (idle * 1200);
        var usd = ((firstJ + Overhead(firstJ, 1800)) / 3.6e6 * 0.06) + ((secondJ + Overhead(secondJ, 1800)) / 3.6e6 * 0.12);

        Assert.Equal(itJ / 3.6e6, energy.ItKwh, 1e-9);
        Assert.Equal(facilityJ / 3.6e6, energy.FacilityKwh, 1e-9);
        Assert.Equal(8.5, energy.PeakItKw, 1e-12);
        Assert.Equal(8 * 2400 / 3600.0, energy.BusyAcceleratorHours, 1e-12);
        Assert.Equal(usd, facility.EnergyUsd(), 1e-9);

        // Cost: 8 GPUs at 27,500, a 150,000 server, 20,000 of network, cooling 2,000 USD/kW of 8.5 kW design,
        // over 4 years of 8,760 h; 10,000 USD/year of other costs; 2 million output tokens in the hour.
        var cost = new CostModel(new CostParameters(Accelerators: 8, AcceleratorPriceUsd: 27_500, Nodes: 1, ServerPriceUsd: 150_000,
            NetworkUsd: 20_000, CoolingUsdPerKw: 2_000, DesignItKw: facility.DesignItW / 1000, LifetimeYears: 4, OpexUsdPerYear: 10_000))
            .Summarize(energy.DurationS, facility.EnergyUsd(), new ServiceCounts(OutputTokens: 2_000_000));
        var capex = (220_000 + 150_000 + 20_000 + 17_000) / (4 * 8760.0);
        var opex = 10_000 / 8760.0;
        var total = usd + capex + opex;

        Assert.Equal(0.630035, usd, 1e-5); // worked on paper: 0.288431 + 0.341604
        Assert.Equal(capex, cost.CapexUsd, 1e-9);
        Assert.Equal(opex, cost.OpexUsd, 1e-9);
        Assert.True(Math.Abs(cost.TotalUsd - total) / total < 0.01);
        Assert.Equal(total, cost.TotalUsd, 1e-9);
        Assert.Equal(total / 2, cost.UsdPerMillionOutputTokens!.Value, 1e-9);
    }

    [Fact]
    public void Parked_accelerators_save_the_difference_between_idle_and_sleep_power()
    {
        var (sim, idle) = FacilityRig.Build(CoolingSystem.DirectLiquid);
        idle.AddGroup(0, 4);
        sim.Run(SimTime.Hour);
        var idleKwh = idle.Summarize().ItKwh;

        var (sim2, parked) = FacilityRig.Build(CoolingSystem.DirectLiquid);
        var half = parked.AddGroup(0, 4);
        Assert.True(parked.TrySetActivity(half, AcceleratorActivity.Sleep));
        sim2.Run(SimTime.Hour);
        var parkedKwh = parked.Summarize().ItKwh;

        // Half the node asleep (the node stays up): GPUs 4 x 75 + 4 x 37.5 = 450 W instead of 600 W; liquid keeps
        // 30 % of the fan power: 0.3 (100 + 1,100 u^3).
        var expectedIdle = FacilityRig.NodeW(600, fanScale: 0.3) / 1000;
        var expectedParked = FacilityRig.NodeW(450, fanScale: 0.3) / 1000;
        Assert.Equal(expectedIdle, idleKwh, 1e-9);
        Assert.Equal(expectedParked, parkedKwh, 1e-9);
        Assert.True(parkedKwh < idleKwh);
    }

    [Fact]
    public void A_node_whose_accelerators_all_sleep_suspends_to_its_standby_power()
    {
        var (sim, facility) = FacilityRig.Build(CoolingSystem.Air);
        var g = facility.AddGroup(0, 8);
        Assert.True(facility.TrySetActivity(g, AcceleratorActivity.Sleep));
        sim.Run(SimTime.Hour);
        var summary = facility.Summarize();

        Assert.Equal(0.050, summary.ItKwh, 1e-12); // 50 W for an hour
        Assert.Equal(0, summary.AcceleratorKwh);

        // Waking costs the full idle power again from then on.
        Assert.True(facility.TrySetActivity(g, AcceleratorActivity.Idle));
        Assert.Equal(FacilityRig.NodeW(600), facility.SiteItW, 1e-9);
    }

    [Fact]
    public void Facility_energy_on_a_daily_temperature_cycle_matches_fine_numerical_quadrature()
    {
        // Constant IT load on a hot day: the exact integral of IT x PUE(T(t)) against the midpoint rule.
        var outside = OutsideTemperature.Daily(30, 10, 15 * 3600);
        var (sim, facility) = FacilityRig.Build(CoolingSystem.Air, outside: outside);
        var g = facility.AddGroup(0, 8);
        Assert.True(facility.TrySetActivity(g, AcceleratorActivity.Busy(0)));
        sim.Run(24 * SimTime.Hour);
        var summary = facility.Summarize();

        var it = FacilityRig.NodeW(3040);
        const int slices = 100_000;
        var numeric = 0.0;
        for (var i = 0; i < slices; i++)
        {
            var seconds = (i + 0.5) * 86_400.0 / slices;
            var temperature = 30 + (10 * Math.Cos(2 * Math.PI * (seconds - (15 * 3600)) / 86_400));
            var pue = 1 + (0.5 * ((0.3 * 8500 / it) + 0.7)) + (0.01 * Math.Max(0, temperature - 20));
            numeric += it * pue * (86_400.0 / slices);
        }

        Assert.Equal(numeric / 3.6e6, summary.FacilityKwh, 1e-6);
    }

    [Fact]
    public void Carbon_follows_the_hourly_intensity_of_each_hour()
    {
        // 100 g/kWh in the first hour, 500 afterwards; a flat load for two hours.
        var intensity = DailySchedule.Periods([(0, 100), (3600, 500)]);
        var (sim, facility) = FacilityRig.Build(CoolingSystem.Immersion, carbon: intensity);
        sim.Run(2 * SimTime.Hour);
        var summary = facility.Summarize();

        var hourKwh = summary.FacilityKwh / 2;
        Assert.Equal(hourKwh * (100 + 500) / 1000, summary.CarbonKg!.Value, 1e-9);
    }

    [Fact]
    public void Same_inputs_give_byte_identical_summaries()
    {
        static string Run()
        {
            var (sim, facility) = FacilityRig.Build(CoolingSystem.Air, racks: 2, nodesPerRack: 2,
                outside: OutsideTemperature.Daily(32, 8), siteCapW: 30_000);
            var random = new Random(7);
            var groups = Enumerable.Range(0, 4).Select(n => facility.AddGroup(n, 8)).ToArray();
            for (var t = 1; t <= 20_000; t++)
            {
                sim.Run(t * 50 * SimTime.Millisecond);
                var g = groups[random.Next(groups.Length)];
                facility.TrySetActivity(g, random.NextDouble() < 0.7 ? AcceleratorActivity.Busy(random.NextDouble()) : AcceleratorActivity.Idle);
            }

            return System.Text.Json.JsonSerializer.Serialize(facility.Summarize(), FacilityJson.Options);
        }

        Assert.Equal(Run(), Run());
    }
}
