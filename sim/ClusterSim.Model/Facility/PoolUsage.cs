namespace ClusterSim.Model.Facility;

/// <summary>
/// What one pool (a deployment's replicas) held and used over a run, for charging its cost to the classes it served.
/// </summary>
/// <param name="Pool">The deployment's name.</param>
/// <param name="Accelerators">Accelerators in its replicas.</param>
/// <param name="AcceleratorUsd">What one of them costs on the run's basis: rent per hour, or purchase price (0 when the catalog has none).</param>
/// <param name="Nodes">Nodes it occupies, each counted by the share of its accelerators the pool holds (its share of server capital).</param>
/// <param name="ItKwh">IT energy metered on its accelerators and its share of their nodes' host, network and fans.</param>
/// <param name="BusySecondsByClass">Busy accelerator-seconds per class, in the order of the cost's classes.</param>
public sealed record PoolUsage(string Pool, int Accelerators, double AcceleratorUsd, double Nodes, double ItKwh, IReadOnlyList<double> BusySecondsByClass);
