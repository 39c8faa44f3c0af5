using ClusterSim.Engine.Core;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>
/// A threshold autoscaler for one pool: every evaluation period it adds a replica when the metric is
/// above <see cref="ScaleUpAt"/> and removes one when it is below <see cref="ScaleDownAt"/>, at most
/// one change per <see cref="CooldownNs"/>. The pool's replica count is the most it can run; the rest
/// sleep. A woken replica serves after <see cref="StartupNs"/> (the cold start: loading weights and
/// warming up); a removed one finishes its requests first, then sleeps.
/// </summary>
public sealed record AutoscalingSetup
{
    public AutoscalingMetric Metric { get; init; } = AutoscalingMetric.Utilization;

    public required double ScaleUpAt { get; init; }

    public required double ScaleDownAt { get; init; }

    public int MinReplicas { get; init; } = 1;

    /// <summary>Most replicas running; at most the pool's replica count.</summary>
    public required int MaxReplicas { get; init; }

    /// <summary>Replicas running at the start; default <see cref="MinReplicas"/>.</summary>
    public int? InitialReplicas { get; init; }

    public long CooldownNs { get; init; } = 60 * SimTime.Second;

    public long StartupNs { get; init; } = 60 * SimTime.Second;

    /// <summary>
    /// How often the metric is read. 15 s is the Kubernetes horizontal pod autoscaler's default sync
    /// period (--horizontal-pod-autoscaler-sync-period).
    /// </summary>
    public long EvaluationNs { get; init; } = 15 * SimTime.Second;
}
