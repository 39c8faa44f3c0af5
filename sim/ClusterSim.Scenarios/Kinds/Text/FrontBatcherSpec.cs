namespace ClusterSim.Scenarios;

/// <summary>A text workload's <c>front_batcher</c>: groups of at most <paramref name="MaxSize"/> requests, each waiting at most <paramref name="MaxWaitSeconds"/>.</summary>
/// <param name="FromDispatch">True: the wait counts from the previous group's dispatch; false: from the group's first request.</param>
public sealed record FrontBatcherSpec(int MaxSize, double MaxWaitSeconds, bool FromDispatch);
