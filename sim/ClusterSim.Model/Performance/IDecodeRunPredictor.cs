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

    /// <summary>
    /// The same run as end times: <paramref name="endsNs"/>[j] = <paramref name="startNs"/> + the sum of the
    /// durations of steps 0..j, each at least 1 ns. The run stops before step j (j &gt; 0) once the steps
    /// before it have lasted <paramref name="maxRunNs"/>; returns the steps written. A model overrides it
    /// only to do the same in one pass (a decode run is the simulator's innermost loop).
    /// </summary>
    int PredictDecodeRunEnds(in IterationShape first, Span<long> endsNs, long startNs, long maxRunNs)
    {
        PredictDecodeRun(in first, endsNs);
        return DecodeRunEnds.Accumulate(endsNs, startNs, maxRunNs);
    }
}
