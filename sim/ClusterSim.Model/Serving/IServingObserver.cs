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

    void OnCompleted(TextRequest request);

    void OnDropped(TextRequest request, string reason);

    /// <summary>A prefill-only replica finished a prompt: the KV must move to a decode replica.</summary>
    void OnPrefillHandoff(Replica from, TextRequest request);
}
