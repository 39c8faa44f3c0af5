namespace ClusterSim.Model.Serving;

/// <summary>
/// How long one iteration of a replica takes: the seam between serving and the execution-time
/// model (an analytic roofline, a profile table or a researcher's predictor).
/// </summary>
public interface IIterationTimer
{
    /// <summary>Duration of the iteration in nanoseconds (at least 1).</summary>
    long IterationNs(in BatchShape shape);

    /// <summary>
    /// Durations of consecutive decode-only iterations: the first is <paramref name="first"/>, each
    /// next one has every sequence's context one token longer. Must equal one
    /// <see cref="IterationNs"/> per step; a timer overrides it only to do the same faster.
    /// </summary>
    void DecodeRunNs(in BatchShape first, Span<long> durationsNs)
    {
        var step = first;
        for (var j = 0; j < durationsNs.Length; j++)
        {
            durationsNs[j] = IterationNs(in step);
            step.AdvanceDecode(1);
        }
    }

    /// <summary>
    /// The run of <see cref="DecodeRunNs"/> as end times from <paramref name="startNs"/>, cut before the
    /// first step that would start once the run has lasted <paramref name="maxRunNs"/> (see
    /// <see cref="Performance.DecodeRunEnds.Accumulate"/>); returns the steps written.
    /// </summary>
    int DecodeRunEnds(in BatchShape first, Span<long> endsNs, long startNs, long maxRunNs)
    {
        DecodeRunNs(in first, endsNs);
        return Performance.DecodeRunEnds.Accumulate(endsNs, startNs, maxRunNs);
    }
}
