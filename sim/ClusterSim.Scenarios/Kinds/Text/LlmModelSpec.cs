namespace ClusterSim.Scenarios;

/// <summary>A transformer language model.</summary>
/// <param name="ActiveParamsB">Parameters touched per token in billions (equals ParamsB for dense models).</param>
/// <param name="Layers">Transformer layers.</param>
/// <param name="HiddenSize">Model width.</param>
/// <param name="Heads">Query heads.</param>
/// <param name="KvHeads">Key/value heads.</param>
/// <param name="HeadDim">Size of one head.</param>
/// <param name="FfnSize">FFN intermediate size of dense layers.</param>
/// <param name="VocabSize">Vocabulary size.</param>
/// <param name="MaxContext">Longest context in tokens.</param>
/// <param name="Moe">Mixture of experts, or null for a dense model.</param>
/// <param name="Mla">Multi-head latent attention, or null for standard attention.</param>
/// <param name="KvPrecision">Precision of the KV cache.</param>
public sealed record LlmModelSpec(
    string Key,
    string Name,
    double ParamsB,
    Precision WeightPrecision,
    Confidence Confidence,
    string? Source,
    string? Notes,
    double ActiveParamsB,
    int Layers,
    int HiddenSize,
    int Heads,
    int KvHeads,
    int HeadDim,
    int FfnSize,
    int VocabSize,
    int MaxContext,
    MoeSpec? Moe,
    MlaSpec? Mla,
    Precision KvPrecision)
    : ModelSpec(Key, Name, ParamsB, WeightPrecision, Confidence, Source, Notes)
{
    public override string Kind => "llm";

    /// <summary>Whether the output projection shares the input embedding's matrix (Llama 3.2 1B/3B, Gemma): counted once.</summary>
    public bool TiedEmbeddings { get; init; }

    /// <summary>
    /// Layers that attend within a sliding window or a fixed chunk (Mistral 7B, GPT-OSS, Llama 4); null: every layer
    /// attends over the whole context.
    /// </summary>
    public LocalAttentionSpec? LocalAttention { get; init; }

    /// <summary>Format the GEMMs multiply in (`compute_precision`); null derives it from the weights (see the schema).</summary>
    public Precision? ComputePrecision { get; init; }

    /// <summary>Whether each FFN is gated (SwiGLU/GeGLU: gate, up and down, 3 matrices) rather than plain (up and down, 2).</summary>
    public bool GatedFfn { get; init; } = true;

    private int FfnMatrices => GatedFfn ? 3 : 2;

    /// <summary>
    /// All parameters in billions as the architecture fields give them: the embedding table and the output
    /// projection (once when tied), per layer the attention projections (q, k, v, o; for MLA the
    /// low-rank down and up projections of DeepSeek-V2/V3, modeling_deepseek.py DeepseekV3Attention),
    /// the FFN of dense layers, the routed and shared experts and the router of MoE layers, the norms.
    /// Biases are left out: they are under 0.01 % of any model in the catalog.
    /// </summary>
    public double DerivedParamsB => DerivedParameters(activeOnly: false) / 1e9;

    /// <summary>Parameters one token uses, in billions: <see cref="DerivedParamsB"/> less the routed experts it does not use.</summary>
    public double DerivedActiveParamsB => DerivedParameters(activeOnly: true) / 1e9;

    private double DerivedParameters(bool activeOnly)
    {
        double h = HiddenSize;
        var embeddings = VocabTableParameters;
        var attention = Mla is { } mla ? MlaAttention(mla) : h * Heads * HeadDim * 2.0 + 2.0 * h * KvHeads * HeadDim;
        var norms = 2.0 * h;
        var denseFfn = FfnMatrices * h * FfnSize;
        var total = embeddings + h + Layers * (attention + norms);
        if (Moe is not { } moe)
        {
            return total + Layers * denseFfn;
        }

        var expert = FfnMatrices * h * moe.ExpertFfnSize;
        var routed = activeOnly ? moe.ActiveExperts : moe.Experts;
        var moeLayer = (routed + (double)moe.SharedExperts) * expert + h * moe.Experts;
        return total + moe.DenseLayers * denseFfn + (Layers - (double)moe.DenseLayers) * moeLayer;
    }

    /// <summary>
    /// One MLA layer: the query either straight from the hidden state or through a rank-q_lora_rank latent (with its norm),
    /// the joint KV latent plus the rotary key, its up projection to per-head non-rotary keys and values, and the output.
    /// Head parts not given default to head_dim, as the catalog's DeepSeek entries have them.
    /// </summary>
    private double MlaAttention(MlaSpec mla)
    {
        double h = HiddenSize;
        var nope = mla.QkNopeHeadDim ?? HeadDim;
        var value = mla.VHeadDim ?? HeadDim;
        var queryWidth = (double)Heads * (nope + mla.QkRopeHeadDim);
        var query = mla.QLoraRank is { } qRank ? h * qRank + qRank + qRank * queryWidth : h * queryWidth;
        var kvDown = h * (mla.KvLoraRank + mla.QkRopeHeadDim) + mla.KvLoraRank;
        var kvUp = (double)mla.KvLoraRank * Heads * (nope + value);
        var output = (double)Heads * value * h;
        return query + kvDown + kvUp + output;
    }

    /// <summary>Parameters of the routed experts of every MoE layer (0 for a dense model), as <see cref="DerivedParamsB"/> counts them.</summary>
    public double RoutedExpertParameters => Moe is { } moe
        ? (Layers - (double)moe.DenseLayers) * moe.Experts * FfnMatrices * HiddenSize * moe.ExpertFfnSize
        : 0;

    /// <summary>
    /// KV-cache bytes one token occupies over all layers: keys and values of every KV head, or for
    /// MLA the compressed latent plus the rotary key (DeepSeek-V3 paper, section 2.1.1).
    /// </summary>
    public double KvBytesPerToken => Mla is { } mla
        ? (double)Layers * (mla.KvLoraRank + mla.QkRopeHeadDim) * KvPrecision.StoredBytes()
        : 2.0 * Layers * KvHeads * HeadDim * KvPrecision.StoredBytes();

    /// <summary>Whether the vocab x hidden tables stay 16-bit beside narrower layers (<see cref="PrecisionInfo.KeepsSixteenBitVocabTables"/>).</summary>
    public bool SixteenBitVocabTables => VocabSize > 0 && WeightPrecision.KeepsSixteenBitVocabTables();

    /// <summary>Parameters of the vocab x hidden tables: input embedding and output projection, once when tied.</summary>
    internal double VocabTableParameters => (TiedEmbeddings ? 1.0 : 2.0) * VocabSize * HiddenSize;

    /// <summary>Bytes of the vocab x hidden tables, as stored.</summary>
    public double VocabTableBytes => VocabTableParameters * (SixteenBitVocabTables ? 2.0 : WeightPrecision.StoredBytes());

    /// <summary>
    /// Weights as stored: the layers at the weight format with its scales (<see cref="PrecisionInfo.StoredBytes"/>), the
    /// vocab tables 16-bit when the layers are narrower (<see cref="SixteenBitVocabTables"/>).
    /// </summary>
    public override double WeightBytes
        => Math.Max(0, ParamsB * 1e9 - VocabTableParameters) * LayerBytesPerParameter + VocabTableBytes;

    /// <summary>A share of the layer weights kept at a second precision (AutoQuantize's mixed checkpoints); null: none.</summary>
    public MixedWeights? Mixed { get; init; }

    /// <summary>Stored bytes per layer parameter: the weight format's, or the mix of <see cref="Mixed"/>.</summary>
    public double LayerBytesPerParameter => MixedWeights.LayerBytes(WeightPrecision, Mixed);

    public override IReadOnlyList<string> CatalogColumns() =>
    [
        Num(ActiveParamsB), Num(Layers), Num(HiddenSize), $"{Heads}/{KvHeads}", Num(MaxContext),
        (Moe is { } moe ? $"moe {moe.ActiveExperts}/{moe.Experts}" : "dense") + (Mla is not null ? ", mla" : ""),
    ];
}
