using System.Text.Json;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Summaries;

/// <summary>
/// summary.json's cost section says which basis it is on and with what inputs (issue 15: a sweep said
/// 38 USD/h rented where the run said 7 USD/h owned, and neither said which), checked against the
/// catalog's figures by hand.
/// </summary>
public sealed class CostBasisSummaryTests
{
    private static JsonElement Cost(string mode)
    {
        var (_, _, result) = SmallRun.Run([.. SmallRun.Short, $"facility.costs.mode={mode}"]);
        using var doc = JsonDocument.Parse(SummaryJson.Write(result, includeWallClock: false));
        return doc.RootElement.GetProperty("cost").Clone();
    }

    [Fact]
    public void A_rented_cluster_says_rent_with_each_accelerator_rent_and_leaves_electricity_out()
    {
        var cost = Cost("rent");
        var rent = Catalog.Default.FindAccelerator("h100-sxm")!.RentUsdPerHour!.Value;
        Assert.Equal("rent", cost.GetProperty("basis").GetString());
        var inputs = cost.GetProperty("inputs");
        var h100 = Assert.Single(inputs.GetProperty("accelerators").EnumerateArray());
        Assert.Equal("h100-sxm", h100.GetProperty("accelerator").GetString());
        Assert.Equal(8, h100.GetProperty("count").GetInt32());
        Assert.Equal(rent, h100.GetProperty("rent_usd_per_hour").GetDouble());
        Assert.Equal(JsonValueKind.Null, h100.GetProperty("price_usd").ValueKind);
        Assert.Equal(JsonValueKind.Null, inputs.GetProperty("lifetime_years").ValueKind);
        Assert.Contains("electricity (included in the rent)", inputs.GetProperty("excluded").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, inputs.GetProperty("network_usd").ValueKind);   // a rent includes the network and the plant
        Assert.Equal(JsonValueKind.Null, inputs.GetProperty("cooling_usd_per_kw").ValueKind);

        // 8 accelerators at the catalog rent, nothing else (no other opex in the default scenario).
        Assert.Equal(8 * rent, cost.GetProperty("usd_per_hour").GetDouble(), 9);
        Assert.Equal(0, cost.GetProperty("energy_usd").GetDouble());
    }

    [Fact]
    public void An_owned_cluster_says_own_with_each_accelerator_price_and_lifetime_and_pays_its_electricity()
    {
        var cost = Cost("own");
        var price = Catalog.Default.FindAccelerator("h100-sxm")!.PriceUsd!.Value;
        Assert.Equal("own", cost.GetProperty("basis").GetString());
        var inputs = cost.GetProperty("inputs");
        var h100 = Assert.Single(inputs.GetProperty("accelerators").EnumerateArray());
        Assert.Equal(price, h100.GetProperty("price_usd").GetDouble());
        Assert.Equal(JsonValueKind.Null, h100.GetProperty("rent_usd_per_hour").ValueKind);
        Assert.Equal(4, inputs.GetProperty("lifetime_years").GetDouble());
        Assert.Contains("network capital (facility.costs.network_usd not given)", inputs.GetProperty("excluded").EnumerateArray().Select(e => e.GetString()));

        Assert.Equal(0, inputs.GetProperty("network_usd").GetDouble());
        Assert.Equal(0, inputs.GetProperty("cooling_usd_per_kw").GetDouble());

        // Capital: 8 x price straight-line over 4 years of 8,760 h, for the run's hours.
        var hours = cost.GetProperty("duration_s").GetDouble() / 3600;
        Assert.Equal(8 * price / (4 * 8760.0) * hours, cost.GetProperty("capex_usd").GetDouble(), 9);
        Assert.True(cost.GetProperty("energy_usd").GetDouble() > 0);
    }
}
