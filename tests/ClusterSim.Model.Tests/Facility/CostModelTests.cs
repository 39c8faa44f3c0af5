using System.Text.Json;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class CostModelTests
{
    private static CostParameters Owned() => new(Accelerators: 8, AcceleratorPriceUsd: 27_500, Nodes: 1, ServerPriceUsd: 150_000,
        NetworkUsd: 20_000, CoolingUsdPerKw: 2_000, DesignItKw: 8.5, LifetimeYears: 4, OpexUsdPerYear: 8_760);

    [Fact]
    public void Capital_is_amortized_straight_line_over_the_lifetime()
    {
        // 407,000 USD over 4 x 8,760 h = 11.6153 USD per hour; 8,760 USD/year of opex = 1 USD per hour.
        var cost = new CostModel(Owned()).Summarize(3600, energyUsd: 0.5, new ServiceCounts(OutputTokens: 1_000_000));

        Assert.Equal(407_000 / 35_040.0, cost.CapexUsd, 1e-9);
        Assert.Equal(1, cost.OpexUsd, 1e-12);
        Assert.Equal(0.5 + 1 + (407_000 / 35_040.0), cost.TotalUsd, 1e-9);
        Assert.Equal(cost.TotalUsd, cost.UsdPerHour, 1e-9);
        Assert.Equal(cost.TotalUsd, cost.UsdPerMillionOutputTokens!.Value, 1e-9);
        Assert.Null(cost.UsdPerVideoSecond);
    }

    [Fact]
    public void Renting_replaces_capital_and_electricity_with_the_hourly_rent()
    {
        // 8 GPUs at 4.76 USD/GPU-h (RunPod on-demand H100, hardware.md) for 2 h = 76.16 USD, plus 2 USD of opex.
        var rented = Owned() with { RentUsdPerAcceleratorHour = 4.76 };
        var cost = new CostModel(rented).Summarize(7200, energyUsd: 3, new ServiceCounts(VideoSeconds: 100, AvatarHours: 4));

        Assert.Equal(0, cost.EnergyUsd);
        Assert.Equal(0, cost.CapexUsd);
        Assert.Equal(76.16 + 2, cost.OpexUsd, 1e-9);
        Assert.Equal(78.16 / 100, cost.UsdPerVideoSecond!.Value, 1e-12);
        Assert.Equal(78.16 / 4, cost.UsdPerAvatarHour!.Value, 1e-12);
        Assert.Null(cost.UsdPerMillionOutputTokens);
    }

    [Fact]
    public void Each_class_carries_its_share_of_the_total()
    {
        var classes = new[]
        {
            new ClassUsage("chat", 0.75, new ServiceCounts(OutputTokens: 3_000_000)),
            new ClassUsage("video", 0.25, new ServiceCounts(VideoSeconds: 50)),
        };
        var cost = new CostModel(Owned()).Summarize(3600, 0.5, new ServiceCounts(OutputTokens: 3_000_000, VideoSeconds: 50), classes);

        Assert.Equal(cost.TotalUsd * 0.75 / 3, cost.Classes[0].UsdPerMillionOutputTokens!.Value, 1e-12);
        Assert.Equal(cost.TotalUsd * 0.25 / 50, cost.Classes[1].UsdPerVideoSecond!.Value, 1e-12);
        Assert.Throws<ArgumentException>(() => new CostModel(Owned()).Summarize(3600, 0, new ServiceCounts(),
            [new ClassUsage("a", 0.7, new ServiceCounts()), new ClassUsage("b", 0.7, new ServiceCounts())]));
    }

    [Fact]
    public void Summaries_serialize_with_the_snake_case_keys_of_summary_json()
    {
        var cost = new CostModel(Owned()).Summarize(3600, 0.5, new ServiceCounts(OutputTokens: 1_000_000));
        var (sim, facility) = FacilityRig.Build();
        sim.Run(ClusterSim.Engine.Core.SimTime.Minute);
        var energy = facility.Summarize();

        using var costJson = JsonDocument.Parse(JsonSerializer.Serialize(cost, FacilityJson.Options));
        using var energyJson = JsonDocument.Parse(JsonSerializer.Serialize(energy, FacilityJson.Options));

        foreach (var key in new[] { "energy_usd", "capex_usd", "opex_usd", "total_usd", "usd_per_million_output_tokens", "classes" })
        {
            Assert.True(costJson.RootElement.TryGetProperty(key, out _), $"cost lacks '{key}'");
        }

        foreach (var key in new[] { "it_kwh", "facility_kwh", "mean_pue", "peak_it_kw", "carbon_kg", "throttle_intervals" })
        {
            Assert.True(energyJson.RootElement.TryGetProperty(key, out _), $"energy lacks '{key}'");
        }

        Assert.Equal(energy.ItKwh, energyJson.RootElement.GetProperty("it_kwh").GetDouble());
    }
}
