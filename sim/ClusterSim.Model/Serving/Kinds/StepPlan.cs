namespace ClusterSim.Model.Serving.Kinds;

/// <summary>One planned step of a <see cref="StepReplica{TRequest}"/> at full clock.</summary>
/// <param name="Seconds">Its duration at full clock (the sum of the members' shares).</param>
/// <param name="PowerPhase">The phase booked with the power hook (1: all compute).</param>
/// <param name="ClockShare">The part of <paramref name="Seconds"/> that stretches under a lowered clock.</param>
public readonly record struct StepPlan(double Seconds, double PowerPhase, double ClockShare);
