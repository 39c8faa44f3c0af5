using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Costs;

/// <summary>
/// Accelerator-hours times the catalog's <c>rent_usd_per_hour</c>: every accelerator of every node
/// group is paid for, busy or idle, as a rented cluster is. Energy, cooling, host CPUs and networking
/// are left out (rental prices include power and hosting for cloud GPUs, which is why this is a
/// fair first comparison); the facility cost model replaces this once wired.
/// </summary>
internal sealed class RentCostModel : ICostModel
{
    public string Description => "rent: accelerators x catalog rent_usd_per_hour (energy, cooling and hosts not modelled separately yet)";

    public ClusterCost CostPerHour(Scenario scenario)
    {
        var total = 0.0;
        foreach (var group in scenario.Hardware.Nodes)
        {
            var accelerator = scenario.Accelerator(group.Accelerator);
            if (accelerator.RentUsdPerHour is not { } rent)
            {
                return new ClusterCost(null, $"accelerator '{accelerator.Key}' (node group '{group.Name}') has no rent_usd_per_hour in the catalog; add one to price it");
            }

            total += group.TotalAccelerators * rent;
        }

        return new ClusterCost(total, null);
    }
}
