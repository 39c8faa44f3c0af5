namespace ClusterSim.Model.Performance;

/// <summary>
/// An execution model that can say where a step's time goes, not only how long it takes. Optional: a predictor that
/// interpolates measured step times (the profile model) has no parts to give. Not on the hot path: callers are tools
/// (<c>clustersim step</c>) and tests, so an implementation may recompute what <see cref="IExecutionModel.Predict"/> caches.
/// </summary>
public interface IStepBreakdown
{
    /// <summary>The parts of the step <see cref="IExecutionModel.Predict"/> times for <paramref name="shape"/>; they add up to its duration.</summary>
    StepBreakdown Breakdown(in IterationShape shape);
}
