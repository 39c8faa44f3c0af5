using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving;

/// <summary>What replicas report as requests move through them (metrics and the cluster listen).</summary>
public interface IServingObserver
{
    /// <summary>First given KV memory and scheduled: its queueing delay ends.</summary>
    void OnScheduled(TextRequest request);

    void OnFirstToken(TextRequest request);

    /// <summary><paramref name="count"/> sequences of one class each saw a gap of <paramref name="gapNs"/> ending at <paramref name="endNs"/>.</summary>
    void OnGaps(int classIndex, long endNs, long gapNs, int count);

    /// <summary>
    /// <paramref name="count"/> sequences of one class each saw the gaps of consecutive decode steps ending at
    /// <paramref name="ends"/>: step i's gap is <c>ends[i] - ends[i - 1]</c>, ending at <c>ends[i]</c>, for i from 1.
    /// The same as one <see cref="OnGaps"/> per step, in one call (a decode run reports up to a thousand steps).
    /// </summary>
    void OnGapRun(int classIndex, ReadOnlySpan<long> ends, int count)
    {
        for (var i = 1; i < ends.Length; i++)
        {
            OnGaps(classIndex, ends[i], ends[i] - ends[i - 1], count);
        }
    }

    void OnCompleted(TextRequest request);

    void OnDropped(TextRequest request, string reason);

    /// <summary>A prefill-only replica finished a prompt: the KV must move to a decode replica.</summary>
    void OnPrefillHandoff(Replica from, TextRequest request);
}
