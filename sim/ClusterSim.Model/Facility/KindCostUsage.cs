namespace ClusterSim.Model.Facility;

/// <summary>
/// A kind's classes as the cost attribution needs them: what each delivered and what each used of the
/// kind's pools, so that a class is charged the cost of the accelerators it ran on, split by busy time.
/// </summary>
/// <param name="Classes">Class names, in the kind's class order.</param>
/// <param name="Delivered">What each class delivered, in the same order (for an avatar class: stream-hours).</param>
/// <param name="Pools">The kind's pools.</param>
public sealed record KindCostUsage(IReadOnlyList<string> Classes, IReadOnlyList<ServiceCounts> Delivered, IReadOnlyList<KindPoolUsage> Pools);
