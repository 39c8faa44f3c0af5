namespace ClusterSim.Model.Serving.Cluster;

/// <summary>One replica woken by the autoscaler.</summary>
/// <param name="Replica">Replica index in the cluster.</param>
/// <param name="StartNs">When it was woken.</param>
/// <param name="ReadyNs">When it began serving.</param>
/// <param name="FromZero">True when no replica of its pool was running, so arriving requests waited for it.</param>
public sealed record ColdStart(int Replica, long StartNs, long ReadyNs, bool FromZero);
