using System.Globalization;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Costs;

/// <summary>
/// The cost sweeps and the planner report for a run: the run's own <see cref="FacilityResult.Cost"/>
/// (what summary.json's cost section has, so a sweep point and a run of the same scenario and seed agree),
/// never a separate estimate. A result without a facility (a stand-in runner, a set-up built by hand) is
/// costed by the same <see cref="CostModel"/> on the scenario's basis applied to its accelerators only,
/// which its <see cref="CostInputs.Excluded"/> states.
/// </summary>
public static class RunCost
{
    /// <summary>One line for outputs: where sweep and plan costs come from.</summary>
    public const string Description = "the run's own cost (summary.json cost section), on the scenario's facility.costs.mode: rent = accelerators x catalog rent_usd_per_hour; own = capital (catalog price_usd, servers) over the lifetime plus electricity and other opex";

    /// <summary>The cost of <paramref name="result"/>, a run of <paramref name="scenario"/>.</summary>
    public static CostSummary Of(ServingResult result, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(scenario);
        if (result.Facility is { } facility)
        {
            return facility.Cost;
        }

        return new CostModel(CostCompiler.AcceleratorsOnly(scenario))
            .Summarize(result.SimulatedNs / 1e9, 0, new ServiceCounts(OutputTokens: result.Overall.OutputTokens));
    }

    /// <summary>The basis a run of <paramref name="scenario"/> is costed on: <see cref="CostSummary.Rent"/> or <see cref="CostSummary.Own"/>.</summary>
    public static string Basis(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Facility.Costs.Mode == CostMode.Rent ? CostSummary.Rent : CostSummary.Own;
    }

    /// <summary>
    /// Why the scenario's basis cannot price <paramref name="scenario"/>'s accelerators, or null: rent without a
    /// catalog rent, or ownership without a purchase price (which a run counts as 0, so a comparison of
    /// accelerators would favour the unpriced one).
    /// </summary>
    public static string? Unpriced(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var rent = scenario.Facility.Costs.Mode == CostMode.Rent;
        foreach (var group in scenario.Hardware.Nodes)
        {
            var a = scenario.Accelerator(group.Accelerator);
            if ((rent ? a.RentUsdPerHour : a.PriceUsd) is null)
            {
                // The other basis, where the catalog gives its price, is the nearest way on (no purchase price was found for
                // several parts whose rent is public).
                var other = rent ? a.PriceUsd is not null ? "; or price it owned: --set facility.costs.mode=own" : ""
                    : a.RentUsdPerHour is { } perHour ? string.Create(CultureInfo.InvariantCulture, $"; or price it rented ({perHour:G4} USD an hour in the catalog): --set facility.costs.mode=rent") : "";
                return $"accelerator '{a.Key}' (node group '{group.Name}') has no {(rent ? "rent_usd_per_hour" : "price_usd")} in the catalog, which facility.costs.mode {(rent ? "rent" : "own")} needs; add one to price it (hardware.accelerators: {{{a.Key}: {{from: {a.Key}, {(rent ? "rent_usd_per_hour" : "price_usd")}: ...}}}}){other}";
            }
        }

        return null;
    }
}
