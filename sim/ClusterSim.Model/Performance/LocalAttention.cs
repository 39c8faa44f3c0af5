namespace ClusterSim.Model.Performance;

/// <summary>
/// Layers that attend within a bounded span (`local_attention` in models.yaml). A sliding window (Mistral 7B,
/// GPT-OSS, Gemma) lets a token see the last <see cref="Window"/> tokens; a chunk (Llama 4) lets it see the tokens of its
/// own chunk of <see cref="Window"/>. The execution model charges attention and KV reads per token attended, so these
/// layers cost what they attend, and the rest of the layers what the whole context costs.
/// </summary>
/// <remarks>
/// The serving layer carries the difference as tokens not attended, averaged over the layers
/// (<see cref="Skipped"/>): a decoding sequence of context c skips c - A(c) tokens in each local layer, where A(c) is
/// min(c, W) for a window and ((c - 1) mod W) + 1 for a chunk. Between kinks (<see cref="StepsOnPiece"/>) that is
/// linear in the steps, so a decode run keeps a closed form.
/// </remarks>
public sealed record LocalAttention
{
    public LocalAttention(bool chunked, int window, int layers, int modelLayers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(modelLayers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layers, modelLayers);
        Chunked = chunked;
        Window = window;
        Layers = layers;
        ModelLayers = modelLayers;
        LayerShare = (double)layers / modelLayers;
    }

    /// <summary>True: chunks of <see cref="Window"/> (Llama 4); false: a sliding window.</summary>
    public bool Chunked { get; }

    public int Window { get; }

    /// <summary>Layers that attend locally.</summary>
    public int Layers { get; }

    public int ModelLayers { get; }

    /// <summary>Share of the layers that attend locally.</summary>
    public double LayerShare { get; }

    public string Describe()
        => $"{Layers} of {ModelLayers} layers attend {(Chunked ? "within chunks" : "within a sliding window")} of {Window:N0} tokens";

    /// <summary>Tokens a local layer does not attend for a token whose full-context attention covers <paramref name="context"/>.</summary>
    public long SkippedInLayer(long context)
    {
        if (context <= Window)
        {
            return 0;
        }

        return Chunked ? Window * ((context - 1) / Window) : context - Window;
    }

    /// <summary>Tokens skipped averaged over all the model's layers (what the execution model subtracts from the context).</summary>
    public double Skipped(long context) => LayerShare * SkippedInLayer(context);

    /// <summary>Whether <see cref="SkippedInLayer"/> grows by one a step from this context (a window already full).</summary>
    public bool Grows(long context) => !Chunked && context >= Window;

    /// <summary>
    /// Decode steps, this one included, over which <see cref="SkippedInLayer"/> stays on one linear piece from
    /// <paramref name="context"/> (context + k for k below the result): a run no longer than this has a closed form.
    /// </summary>
    public long StepsOnPiece(long context)
    {
        if (Chunked)
        {
            var c = Math.Max(1, context);
            return Window - ((c - 1) % Window);
        }

        return context >= Window ? long.MaxValue : Window - context + 1;
    }

    /// <summary>
    /// Causal (query, key) pairs a prompt chunk of <paramref name="newTokens"/> after <paramref name="cachedTokens"/>
    /// computes, averaged over all the model's layers: the whole-context layers' n c + n (n + 1) / 2 and the local ones'.
    /// </summary>
    public double PrefillPairs(long newTokens, long cachedTokens)
    {
        var full = (double)newTokens * cachedTokens + (newTokens * (newTokens + 1.0) / 2);
        var local = LocalPairsTo(cachedTokens + newTokens) - LocalPairsTo(cachedTokens);
        return ((1 - LayerShare) * full) + (LayerShare * local);
    }

    // Pairs of a local layer for positions 1..m: sum of A(p).
    private double LocalPairsTo(long m)
    {
        double w = Window;
        if (Chunked)
        {
            var chunks = m / Window;
            double rest = m % Window;
            return (chunks * w * (w + 1) / 2) + (rest * (rest + 1) / 2);
        }

        return m <= Window ? m * (m + 1.0) / 2 : (w * (w + 1) / 2) + ((double)(m - Window) * w);
    }
}
