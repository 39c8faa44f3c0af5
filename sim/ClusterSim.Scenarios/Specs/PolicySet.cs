namespace ClusterSim.Scenarios;

/// <summary>The serving policies in force (scenario-wide, or a deployment's with its overrides applied).</summary>
public sealed record PolicySet(
    PolicySpec Routing,
    PolicySpec Batching,
    PolicySpec Scheduling,
    PolicySpec Admission,
    PolicySpec Preemption,
    PolicySpec Autoscaling);
