namespace ClusterSim.Model.Facility;

/// <summary>One pool's cost over the run (an entry of <see cref="CostSummary.Pools"/>).</summary>
/// <param name="Pool">The deployment's name.</param>
/// <param name="Accelerators">Accelerators in its replicas.</param>
/// <param name="Nodes">Nodes it occupies (shares of nodes it shares with other pools).</param>
/// <param name="ItKwh">IT energy metered on its hardware.</param>
/// <param name="BusyShare">Busy accelerator-seconds over accelerators x run time, in [0, 1].</param>
/// <param name="CapexUsd">Owned: its accelerators at their price and its nodes at the server price (plus its share, by accelerators, of cluster-wide capital), amortised over the run.</param>
/// <param name="EnergyUsd">Owned: the run's electricity bill x its share of the site's IT energy (so its share of the cooling overhead, PUE, too).</param>
/// <param name="RentUsd">Rented: its accelerators x their rent x run hours.</param>
/// <param name="OpexUsd">Its share of the other operating costs, by accelerators.</param>
/// <param name="TotalUsd">CapexUsd + EnergyUsd + RentUsd + OpexUsd.</param>
/// <param name="IdleUsd">The part of TotalUsd paid for time it stood idle (TotalUsd x (1 - BusyShare)), charged to its classes in proportion to their busy time.</param>
public sealed record PoolCost(
    string Pool,
    int Accelerators,
    double Nodes,
    double ItKwh,
    double BusyShare,
    double CapexUsd,
    double EnergyUsd,
    double RentUsd,
    double OpexUsd,
    double TotalUsd,
    double IdleUsd);
