using ClusterSim.Model.Facility;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Serving.Facility;

/// <summary>
/// A run's cost is split by pool (each pool's own hardware at its own price, and its own metered energy when owned), then
/// among the pool's classes by busy time; checked by hand from the catalog figures for text, video and avatar pools.
/// </summary>
public sealed class CostByBusyTimeTests
{
    // Three pools of different price and load: 8B text on 2 L40S, Wan2.1 video on 8 H200, MuseTalk avatars on 2 L40S,
    // each on its own node. Prices are given here (the catalog has rents for both, prices for neither).
    private const string Yaml = """
        name: three-pools
        workloads:
          chat:
            kind: text
            model: llama-3.1-8b
            deployments: [llm]
            arrival: {kind: poisson, rate: 3}
            prompt_tokens: 500
            output_tokens: 150
          clips:
            kind: video
            model: wan2.1-t2v-14b
            deployments: [wan]
            arrival: {kind: poisson, rate: 0.02}
            resolution: [832, 480]
            frames: 33
            steps: 20
          faces:
            kind: avatar
            model: musetalk-1.5
            deployments: [musetalk]
            arrival: {kind: poisson, rate: 0.1}
            session_length: {kind: exponential, mean: 30s, max: 1m}
            fps: 25
            slo: {frame_deadline: 40ms, percentile: 99}
        hardware:
          accelerators:
            l40s: {from: l40s, price_usd: 8000}
            h200-sxm: {from: h200-sxm, price_usd: 32000}
          nodes:
            llm-node: {count: 1, accelerator: l40s, per_node: 2}
            h200-node: {count: 1, accelerator: h200-sxm, per_node: 8}
            face-node: {count: 1, accelerator: l40s, per_node: 2}
        deployments:
          llm: {model: llama-3.1-8b, nodes: llm-node, tp: 1, replicas: 2}
          wan: {model: wan2.1-t2v-14b, nodes: h200-node, tp: 8, replicas: 1}
          musetalk: {model: musetalk-1.5, nodes: face-node, replicas: 2}
        facility:
          costs: {mode: own, server_usd: 40000, lifetime_years: 5}
        run: {duration: 3m, warmup: 0s, seed: 11}
        """;

    private static FacilityScenarioKit.ScenarioRun Run(params string[] sets) => FacilityScenarioKit.Run(Yaml, sets);

    [Fact]
    public void Owned_each_class_pays_its_pools_capital_and_metered_energy_and_the_pools_energy_adds_up_to_the_sites()
    {
        var run = Run();
        var cost = run.Facility.Cost;
        var energy = run.Facility.Energy;
        Assert.Equal("own", cost.Basis);
        Assert.Equal(["llm", "wan", "musetalk"], cost.Pools.Select(p => p.Pool));

        // Energy: every accelerator is in a pool and every pool has whole nodes, so the pools' metered IT energy is the site's.
        Assert.Equal(energy.ItKwh, cost.Pools.Sum(p => p.ItKwh), 1e-9);
        Assert.All(cost.Pools, p => Assert.True(p.ItKwh > 0));

        // By hand: capital (accelerators at the given price, one 40,000 USD node each) over 5 years of 8,760 h, and the
        // bill in proportion to the pool's IT energy.
        var years = cost.DurationS / (8760 * 3600.0);
        double Expected(string pool, int accelerators, double price)
            => (((accelerators * price) + 40_000) * years / 5) + (cost.EnergyUsd * cost.Pools.Single(p => p.Pool == pool).ItKwh / energy.ItKwh);
        var llm = Expected("llm", 2, 8000);
        var wan = Expected("wan", 8, 32_000);
        var musetalk = Expected("musetalk", 2, 8000);
        Assert.Equal(llm, cost.Pools[0].TotalUsd, 1e-12);
        Assert.Equal(wan, cost.Pools[1].TotalUsd, 1e-12);
        Assert.Equal(musetalk, cost.Pools[2].TotalUsd, 1e-12);
        Assert.Equal(cost.TotalUsd, llm + wan + musetalk, 1e-12);
        Assert.Equal(0, cost.UnattributedUsd!.Value, 1e-12);

        // One class per pool: each class carries its pool's whole cost, idle time included, and nothing of the others'.
        var chat = cost.Classes.Single(c => c.Name == "chat");
        var clips = cost.Classes.Single(c => c.Name == "clips");
        var faces = cost.Classes.Single(c => c.Name == "faces");
        Assert.Equal(llm, chat.TotalUsd, 1e-12);
        Assert.Equal(wan, clips.TotalUsd, 1e-12);
        Assert.Equal(musetalk, faces.TotalUsd, 1e-12);

        // Units: output tokens (every completed request's), seconds of video (33 frames at the model's frame rate each),
        // hours of stream (frames delivered at 25 fps).
        var tokens = run.Result.Classes.Single().OutputTokens;
        Assert.Equal(llm / tokens * 1e6, chat.UsdPerMillionOutputTokens!.Value, 1e-9);
        Assert.Equal(chat.UsdPerMillionOutputTokens, cost.UsdPerMillionOutputTokens);
        var videos = run.Result.Video.Single().Completed;
        Assert.True(videos > 0, "some clips must finish");
        Assert.Equal(wan / clips.UsdPerVideoSecond!.Value, videos * run.Result.Video.Single().VideoSeconds / run.Result.Video.Single().Measured, 1e-6);
        var frames = run.Result.Avatar.Single().FramesDeliveredTotal;
        Assert.Equal(musetalk / (frames / 25.0 / 3600), faces.UsdPerAvatarHour!.Value, 1e-9);

        // The pool's busy share is its replicas' busy time (text: every iteration booked to the classes in it).
        var llmReplicas = run.Result.Replicas.Where(r => r.Pool == "llm").ToList();
        var busy = llmReplicas.Sum(r => r.Utilization * r.Accelerators) / llmReplicas.Sum(r => r.Accelerators) * run.Result.SimulatedNs / 1e9 / cost.DurationS;
        Assert.Equal(busy, cost.Pools[0].BusyShare, 1e-6);
        Assert.Equal(llm * (1 - cost.Pools[0].BusyShare), cost.Pools[0].IdleUsd, 1e-12);
    }

    [Fact]
    public void Owned_network_and_cooling_plant_capital_is_spread_over_the_lifetime_and_shared_by_accelerators()
    {
        var plain = Run();
        var run = Run("facility.costs.network_usd=120000", "facility.costs.cooling_usd_per_kw=2500");
        var cost = run.Facility.Cost;
        var designKw = run.Facility.Energy.DesignItKw;
        Assert.True(designKw > 12 * 0.3, $"design IT power {designKw} kW for 12 accelerators");

        // By hand: the network and the plant (2,500 USD a kW of nameplate IT power) are capital like the rest, over 5 years
        // of 8,760 h, and each pool takes the share of its accelerators (L40S 2 of 12, H200 8 of 12, L40S 2 of 12).
        var years = cost.DurationS / (8760 * 3600.0);
        var plant = (120_000 + (2500 * designKw)) * years / 5;
        Assert.Equal(plain.Facility.Cost.CapexUsd + plant, cost.CapexUsd, 1e-12);
        int[] accelerators = [2, 8, 2];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(plain.Facility.Cost.Pools[i].CapexUsd + (plant * accelerators[i] / 12), cost.Pools[i].CapexUsd, 1e-12);
        }

        // What the cost was computed from, and nothing left out; without the fields both are said to be left out.
        Assert.Equal(120_000, cost.Inputs.NetworkUsd);
        Assert.Equal(2500, cost.Inputs.CoolingUsdPerKw);
        Assert.Equal(designKw, cost.Inputs.DesignItKw);
        Assert.Empty(cost.Inputs.Excluded);
        Assert.Contains(run.Notes, n => n.Contains("plus network 120000 USD and cooling and power plant 2500 USD per kW of nameplate IT power", StringComparison.Ordinal));
        Assert.Equal(["network capital (facility.costs.network_usd not given)", "cooling and power plant capital (facility.costs.cooling_usd_per_kw not given)"],
            plain.Facility.Cost.Inputs.Excluded);
    }

    [Fact]
    public void Rented_each_class_pays_its_pools_rent_and_no_electricity()
    {
        var run = Run("facility.costs.mode=rent");
        var cost = run.Facility.Cost;
        Assert.Equal("rent", cost.Basis);
        var hours = cost.DurationS / 3600;

        // Catalog rents: L40S 1.40 USD/h, H200 6.35 USD/h.
        Assert.Equal(1.40 * 2 * hours, cost.Classes.Single(c => c.Name == "chat").TotalUsd, 1e-9);
        Assert.Equal(6.35 * 8 * hours, cost.Classes.Single(c => c.Name == "clips").TotalUsd, 1e-9);
        Assert.Equal(1.40 * 2 * hours, cost.Classes.Single(c => c.Name == "faces").TotalUsd, 1e-9);
        Assert.All(cost.Pools, p => Assert.Equal(0, p.EnergyUsd + p.CapexUsd));
        Assert.Equal(6.35 * 8 * hours, cost.Pools[1].RentUsd, 1e-9);
    }
}
