using System.Globalization;
using ClusterSim.Model.Facility;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Setup;

/// <summary>
/// The cost inputs of a scenario, from <c>facility.costs</c> and the catalog's accelerator rent
/// and price: the one cost model a run, a sweep and the planner all use (each through the run's
/// <see cref="FacilityResult.Cost"/>, or <see cref="AcceleratorsOnly"/> for a result without one).
/// </summary>
public static class CostCompiler
{
    /// <summary>The run's cost parameters; rent without a rent in the catalog is an error, every assumption goes into <paramref name="notes"/>.</summary>
    public static CostParameters Parameters(Scenario scenario, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(notes);
        var costs = scenario.Facility.Costs;
        var hardware = Hardware(scenario, costs.Mode);
        var accelerators = hardware.Sum(h => h.Count);
        var nodes = scenario.Hardware.Nodes.Sum(g => g.Count);
        var capital = hardware.Sum(h => h.Count * (h.PriceUsd ?? 0));
        var rent = hardware.Sum(h => h.Count * (h.RentUsdPerHour ?? 0));
        List<string> excluded;
        if (costs.Mode == CostMode.Rent)
        {
            var unrented = hardware.Where(h => h.RentUsdPerHour is null).Select(h => $"'{h.Accelerator}'").ToList();
            if (unrented.Count > 0)
            {
                throw new ArgumentException(
                    $"facility.costs.mode is rent but accelerator {string.Join(", ", unrented)} has no rent_usd_per_hour; give one under hardware.accelerators");
            }

            notes.Add(Invariant($"cost: rent, {accelerators} accelerators at {rent / accelerators:0.###} USD per hour each on average (electricity included in the rent), other opex {costs.OpexUsdPerYear:0} USD/year"));
            excluded = ["electricity (included in the rent)", "servers, network and cooling plant (included in the rent)"];
        }
        else
        {
            var unpriced = hardware.Where(h => h.PriceUsd is null).Select(h => h.Accelerator).ToList();
            if (unpriced.Count > 0)
            {
                notes.Add($"cost: accelerator {string.Join(", ", unpriced)} has no purchase price in the catalog: its capital counts as 0 (give price_usd under hardware.accelerators)");
            }

            // The plant's price per kW is applied to the nameplate IT power when the facility is built (ClusterPower).
            var plant = new List<string>();
            excluded = [];
            if (costs.NetworkUsd is { } network)
            {
                plant.Add(Invariant($"network {network:0} USD"));
            }
            else
            {
                excluded.Add("network capital (facility.costs.network_usd not given)");
            }

            if (costs.CoolingUsdPerKw is { } perKw)
            {
                plant.Add(Invariant($"cooling and power plant {perKw:0.##} USD per kW of nameplate IT power"));
            }
            else
            {
                excluded.Add("cooling and power plant capital (facility.costs.cooling_usd_per_kw not given)");
            }

            notes.Add(Invariant(
                $"cost: own, capital {capital + (nodes * costs.ServerUsd):0} USD ({accelerators} accelerators, {nodes} nodes at {costs.ServerUsd:0} USD each besides accelerators)") +
                (plant.Count > 0 ? " plus " + string.Join(" and ", plant) : "") + Invariant($" over {costs.LifetimeYears} years") +
                (excluded.Count > 0 ? "; not counted: " + string.Join(", ", excluded) : ""));
            excluded.AddRange(unpriced.Select(k => $"capital of '{k}' (no price_usd in the catalog)"));
        }

        // Mixed accelerator types: the mean price and rent keep the totals exact (both are linear in the count).
        return new CostParameters(
            Accelerators: accelerators,
            AcceleratorPriceUsd: accelerators == 0 ? 0 : capital / accelerators,
            Nodes: nodes,
            ServerPriceUsd: costs.ServerUsd,
            NetworkUsd: costs.Mode == CostMode.Own ? costs.NetworkUsd ?? 0 : 0,
            CoolingUsdPerKw: costs.Mode == CostMode.Own ? costs.CoolingUsdPerKw ?? 0 : 0,
            DesignItKw: 0,
            LifetimeYears: costs.LifetimeYears,
            OpexUsdPerYear: costs.OpexUsdPerYear,
            RentUsdPerAcceleratorHour: costs.Mode == CostMode.Rent ? rent / accelerators : null,
            Hardware: hardware,
            Excluded: excluded);
    }

    /// <summary>
    /// The scenario's basis applied to its accelerators only, for a result that carries no facility cost
    /// (a set-up built without a facility): no servers, no other opex, no electricity, each stated in
    /// <see cref="CostInputs.Excluded"/>. Rent without a rent in the catalog is an error, as in a run.
    /// </summary>
    public static CostParameters AcceleratorsOnly(Scenario scenario)
    {
        var full = Parameters(scenario, []);
        return full with
        {
            ServerPriceUsd = 0,
            OpexUsdPerYear = 0,
            NetworkUsd = 0,
            CoolingUsdPerKw = 0,
            Excluded = [.. full.Excluded ?? [], "servers, network, cooling plant, other opex and electricity (the run had no facility: accelerators only)"],
        };
    }

    private static List<AcceleratorCost> Hardware(Scenario scenario, CostMode mode)
    {
        // One entry per accelerator type, in the order node groups first name them.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<AcceleratorSpec>();
        foreach (var g in scenario.Hardware.Nodes)
        {
            var a = scenario.Accelerator(g.Accelerator);
            if (!counts.ContainsKey(a.Key))
            {
                counts[a.Key] = 0;
                order.Add(a);
            }

            counts[a.Key] += g.Count * g.PerNode;
        }

        return [.. order.Select(a => mode == CostMode.Rent
            ? new AcceleratorCost(a.Key, counts[a.Key], a.RentUsdPerHour, null)
            : new AcceleratorCost(a.Key, counts[a.Key], null, a.PriceUsd))];
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
