namespace ClusterSim.Model.Serving;

/// <summary>
/// What one iteration of a replica computes, as aggregate sums the replica keeps incrementally,
/// so timing an iteration costs O(1) whatever the batch size.
/// </summary>
public struct BatchShape
{
    /// <summary>Sequences with prompt tokens (a whole prompt or a chunk) in this iteration.</summary>
    public int PrefillSequences;

    /// <summary>New prompt tokens computed in this iteration.</summary>
    public long PrefillTokens;

    /// <summary>
    /// Sum over prefill sequences of the query-key pairs causal attention scores:
    /// n * c + n (n + 1) / 2 for a chunk of n new tokens after c cached ones.
    /// </summary>
    public double PrefillAttentionPairs;

    /// <summary>Sequences generating one token each.</summary>
    public int DecodeSequences;

    /// <summary>Sum of the context lengths (KV entries read) of the decoding sequences.</summary>
    public long DecodeContextTokens;

    public readonly long Tokens => PrefillTokens + DecodeSequences;

    public readonly int Sequences => PrefillSequences + DecodeSequences;

    public readonly bool IsEmpty => PrefillTokens == 0 && DecodeSequences == 0;

    public void AddPrefillChunk(int newTokens, int cachedTokens)
    {
        PrefillSequences++;
        PrefillTokens += newTokens;
        PrefillAttentionPairs += (double)newTokens * cachedTokens + newTokens * (newTokens + 1.0) / 2;
    }
}
