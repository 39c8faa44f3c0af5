namespace ClusterSim.Model.Performance;

/// <summary>
/// An execution model that predicts a whole run of back-to-back decode steps in one pass (each step one
/// token longer per sequence than the last), faster than one <see cref="IExecutionModel.Predict"/> per
/// step. Optional: a model without it is asked step by step, with the same results.
/// </summary>
public interface IDecodeRunPredictor
{
    /// <summary>Fills <paramref name="durationsNs"/> with the durations of the run's steps, the first being <paramref name="first"/>.</summary>
    void PredictDecodeRun(in IterationShape first, Span<long> durationsNs);
}
