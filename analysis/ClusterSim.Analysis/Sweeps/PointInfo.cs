namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// A sweep point as set up, before any run: its parameter values, the cluster it describes and
/// its classes. <see cref="Accelerators"/> counts every accelerator of every node group (what is
/// paid for); <see cref="DeployedAccelerators"/> those the deployments occupy.
/// </summary>
internal sealed record PointInfo(
    int Index,
    IReadOnlyList<string> Values,
    ulong BaseSeed,
    double? ArrivalWindowSeconds,
    long Accelerators,
    long DeployedAccelerators,
    double? CostUsdPerHour,
    IReadOnlyList<ClassInfo> Classes);
