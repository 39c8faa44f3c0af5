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

    /// <summary>Sequences generating one token each (each beam of a beam-search request counts).</summary>
    public int DecodeSequences;

    /// <summary>Sum of the context lengths (KV entries read) of the decoding sequences; a beam-search request's shared prompt once.</summary>
    public long DecodeContextTokens;

    /// <summary>
    /// Of <see cref="DecodeContextTokens"/>, the tokens local-attention layers do not attend, averaged over the layers
    /// (<see cref="Performance.LocalAttention"/>); 0 for a model whose every layer sees the whole context.
    /// </summary>
    public double DecodeSkippedTokens;

    /// <summary>How much <see cref="DecodeSkippedTokens"/> grows each decode step (layer share x sequences past a full window).</summary>
    public double DecodeSkippedGrowth;

    /// <summary>
    /// Beam search: the (query, key) pairs the beams of each request but the first attend over its shared prompt, which
    /// <see cref="DecodeContextTokens"/> counts once where a cascade kernel reads it once a step (`beam_prompt_reads: once`):
    /// sum of (beams - 1) x prompt tokens. Their attention FLOPs count; their KV reads do not. 0 without beam search, and
    /// where each beam reads its whole context (the default, in <see cref="DecodeContextTokens"/>).
    /// </summary>
    public long DecodeSharedPairs;

    public readonly long Tokens => PrefillTokens + DecodeSequences;

    /// <summary>The tokens the decoding sequences' attention reads: the context less what local layers skip.</summary>
    public readonly double DecodeAttendedTokens => DecodeContextTokens - DecodeSkippedTokens;

    /// <summary>This shape <paramref name="steps"/> decode steps on: every sequence's context that many tokens longer.</summary>
    public void AdvanceDecode(long steps)
    {
        DecodeContextTokens += steps * DecodeSequences;
        DecodeSkippedTokens += steps * DecodeSkippedGrowth;
    }

    public readonly int Sequences => PrefillSequences + DecodeSequences;

    public readonly bool IsEmpty => PrefillTokens == 0 && DecodeSequences == 0;

    public void AddPrefillChunk(int newTokens, int cachedTokens, Performance.LocalAttention? local = null)
    {
        PrefillSequences++;
        PrefillTokens += newTokens;
        PrefillAttentionPairs += local is null
            ? (double)newTokens * cachedTokens + newTokens * (newTokens + 1.0) / 2
            : local.PrefillPairs(newTokens, cachedTokens);
    }
}
