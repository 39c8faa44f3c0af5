namespace ClusterSim.Model.Performance;

/// <summary>
/// What one iteration of a replica processes, as running sums the serving layer keeps incrementally (add a
/// sequence's terms when it joins the batch, subtract them when it leaves), so predicting is O(1) in the batch size.
/// </summary>
public readonly record struct IterationShape
{
    /// <summary>New prompt tokens processed this iteration, over all prefilling sequences.</summary>
    public long PrefillTokens { get; init; }

    /// <summary>Sequences with prefill work this iteration (whole prompts or chunks).</summary>
    public long PrefillSequences { get; init; }

    /// <summary>Tokens already in the KV cache of the prefilling sequences (earlier chunks, reused prefixes): read once.</summary>
    public long PrefillCachedTokens { get; init; }

    /// <summary>
    /// Sum over prefilling sequences of the (query, key) pairs causal attention computes: a chunk of n new tokens
    /// after c cached ones gives n*c + n(n+1)/2 (see <see cref="AttentionPairs"/>).
    /// </summary>
    public long PrefillAttentionPairs { get; init; }

    /// <summary>Sequences generating one token this iteration.</summary>
    public long DecodeSequences { get; init; }

    /// <summary>Sum over decoding sequences of the tokens the new token attends to, itself included.</summary>
    public long DecodeContextTokens { get; init; }

    /// <summary>
    /// Of <see cref="DecodeContextTokens"/>, the tokens local-attention layers do not attend, averaged over the layers
    /// (<see cref="LocalAttention"/>); 0 where every layer attends the whole context.
    /// </summary>
    public double DecodeSkippedTokens { get; init; }

    /// <summary>How much <see cref="DecodeSkippedTokens"/> grows with each decode step of a run.</summary>
    public double DecodeSkippedGrowth { get; init; }

    /// <summary>The tokens the decoding sequences' attention reads, averaged over the layers.</summary>
    public double DecodeAttendedTokens => DecodeContextTokens - DecodeSkippedTokens;

    /// <summary>
    /// Beam search: the (query, key) pairs the beams of each request but the first attend over its shared prompt, which
    /// <see cref="DecodeContextTokens"/> counts once where a cascade kernel reads it once a step (`beam_prompt_reads: once`);
    /// their FLOPs count, their reads do not. Sum of (beams - 1) x prompt tokens; 0 without beam search or where each beam
    /// reads its whole context (the default). It does not grow along a decode run.
    /// </summary>
    public long DecodeSharedPairs { get; init; }

    /// <summary>The (query, key) pairs the decoding sequences' attention computes: what it reads, and the later beams' shared prompt.</summary>
    public double DecodeAttentionPairs => DecodeAttendedTokens + DecodeSharedPairs;

    /// <summary>This shape one decode step on: every sequence's context a token longer.</summary>
    public IterationShape NextDecodeStep() => this with
    {
        DecodeContextTokens = DecodeContextTokens + DecodeSequences,
        DecodeSkippedTokens = DecodeSkippedTokens + DecodeSkippedGrowth,
    };

    /// <summary>Tokens that pass through the weights this iteration.</summary>
    public long Tokens => PrefillTokens + DecodeSequences;

    public long Sequences => PrefillSequences + DecodeSequences;

    public bool IsEmpty => Tokens == 0;

    /// <summary>Causal attention pairs of a chunk of <paramref name="newTokens"/> after <paramref name="cachedTokens"/>.</summary>
    public static long AttentionPairs(long newTokens, long cachedTokens)
        => newTokens * cachedTokens + newTokens * (newTokens + 1) / 2;

    /// <summary>
    /// <paramref name="sequences"/> prompts of <paramref name="promptTokens"/> new tokens each; with
    /// <paramref name="local"/>, its local layers' pairs are those they attend.
    /// </summary>
    public static IterationShape Prefill(long sequences, long promptTokens, long cachedTokens = 0, LocalAttention? local = null) => new()
    {
        PrefillTokens = sequences * promptTokens,
        PrefillSequences = sequences,
        PrefillCachedTokens = sequences * cachedTokens,
        PrefillAttentionPairs = local is null
            ? sequences * AttentionPairs(promptTokens, cachedTokens)
            : (long)Math.Round(sequences * local.PrefillPairs(promptTokens, cachedTokens)),
    };

    /// <summary>
    /// <paramref name="sequences"/> decode steps, each attending to <paramref name="contextTokens"/> tokens; with
    /// <paramref name="local"/>, less what its local layers skip.
    /// </summary>
    public static IterationShape Decode(long sequences, long contextTokens, LocalAttention? local = null) => new()
    {
        DecodeSequences = sequences,
        DecodeContextTokens = sequences * contextTokens,
        DecodeSkippedTokens = local is null ? 0 : sequences * local.Skipped(contextTokens),
        DecodeSkippedGrowth = local is null || !local.Grows(contextTokens) ? 0 : sequences * local.LayerShare,
    };

    /// <summary>
    /// <paramref name="requests"/> beam-search requests of <paramref name="beams"/> beams decoding, each beam holding
    /// <paramref name="beamTokens"/> tokens past its <paramref name="promptTokens"/>-token prompt (the one it feeds included):
    /// a step reads the prompt once a request and each beam's own tokens, and every beam attends over its whole context (a
    /// cascade decode kernel's reading, `beam_prompt_reads: once`; without one each beam reads its whole context, as
    /// <see cref="Decode"/> of requests x beams sequences).
    /// </summary>
    public static IterationShape DecodeBeams(long requests, int beams, long promptTokens, long beamTokens) => new()
    {
        DecodeSequences = requests * beams,
        DecodeContextTokens = requests * (promptTokens + (beams * beamTokens)),
        DecodeSharedPairs = requests * (beams - 1) * promptTokens,
    };

    /// <summary>This shape with one more prefill chunk.</summary>
    public IterationShape WithPrefillChunk(long newTokens, long cachedTokens) => this + Prefill(1, newTokens, cachedTokens);

    /// <summary>This shape with one more decoding sequence.</summary>
    public IterationShape WithDecode(long contextTokens) => this + Decode(1, contextTokens);

    public static IterationShape operator +(IterationShape a, IterationShape b) => new()
    {
        PrefillTokens = a.PrefillTokens + b.PrefillTokens,
        PrefillSequences = a.PrefillSequences + b.PrefillSequences,
        PrefillCachedTokens = a.PrefillCachedTokens + b.PrefillCachedTokens,
        PrefillAttentionPairs = a.PrefillAttentionPairs + b.PrefillAttentionPairs,
        DecodeSequences = a.DecodeSequences + b.DecodeSequences,
        DecodeContextTokens = a.DecodeContextTokens + b.DecodeContextTokens,
        DecodeSkippedTokens = a.DecodeSkippedTokens + b.DecodeSkippedTokens,
        DecodeSkippedGrowth = a.DecodeSkippedGrowth + b.DecodeSkippedGrowth,
        DecodeSharedPairs = a.DecodeSharedPairs + b.DecodeSharedPairs,
    };

    public static IterationShape operator -(IterationShape a, IterationShape b) => new()
    {
        PrefillTokens = a.PrefillTokens - b.PrefillTokens,
        PrefillSequences = a.PrefillSequences - b.PrefillSequences,
        PrefillCachedTokens = a.PrefillCachedTokens - b.PrefillCachedTokens,
        PrefillAttentionPairs = a.PrefillAttentionPairs - b.PrefillAttentionPairs,
        DecodeSequences = a.DecodeSequences - b.DecodeSequences,
        DecodeContextTokens = a.DecodeContextTokens - b.DecodeContextTokens,
        DecodeSkippedTokens = a.DecodeSkippedTokens - b.DecodeSkippedTokens,
        DecodeSkippedGrowth = a.DecodeSkippedGrowth - b.DecodeSkippedGrowth,
        DecodeSharedPairs = a.DecodeSharedPairs - b.DecodeSharedPairs,
    };
}
