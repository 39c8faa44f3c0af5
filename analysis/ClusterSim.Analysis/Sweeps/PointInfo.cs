namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// A sweep point as set up, before any run: its parameter values, the cluster it describes and
/// its classes. <see cref="Accelerators"/> counts every accelerator of every node group (what is
/// paid for); <see cref="DeployedAccelerators"/> those the deployments occupy. <see cref="CostBasis"/> is the
/// basis its runs are costed on (rent or own, from <c>facility.costs.mode</c>, which a sweep may vary); the
/// cost itself is each run's, a metric.
/// </summary>
internal sealed record PointInfo(
    int Index,
    IReadOnlyList<string> Values,
    ulong BaseSeed,
    double? ArrivalWindowSeconds,
    long Accelerators,
    long DeployedAccelerators,
    string CostBasis,
    IReadOnlyList<ClassInfo> Classes);
