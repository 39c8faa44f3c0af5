using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Costs;

/// <summary>
/// What a cluster costs per hour. The seam where the facility cost model (energy, cooling,
/// hosts, amortised purchase) plugs in once it is wired to scenarios; until then
/// <see cref="Rent"/> is the only implementation.
/// </summary>
public interface ICostModel
{
    /// <summary>Rent of every accelerator in every node group, at the catalog's on-demand price.</summary>
    static ICostModel Rent { get; } = new RentCostModel();

    /// <summary>One line for outputs: what the figure includes and what it leaves out.</summary>
    string Description { get; }

    /// <summary>USD per hour of the scenario's cluster, or a reason it cannot be priced.</summary>
    ClusterCost CostPerHour(Scenario scenario);
}
