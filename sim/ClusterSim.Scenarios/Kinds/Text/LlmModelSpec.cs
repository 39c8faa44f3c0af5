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

    /// <summary>
    /// KV-cache bytes one token occupies over all layers: keys and values of every KV head, or for
    /// MLA the compressed latent plus the rotary key (DeepSeek-V3 paper, section 2.1.1).
    /// </summary>
    public double KvBytesPerToken => Mla is { } mla
        ? (double)Layers * (mla.KvLoraRank + mla.QkRopeHeadDim) * KvPrecision.Bytes()
        : 2.0 * Layers * KvHeads * HeadDim * KvPrecision.Bytes();

    public override IReadOnlyList<string> CatalogColumns() =>
    [
        Num(ActiveParamsB), Num(Layers), Num(HiddenSize), $"{Heads}/{KvHeads}", Num(MaxContext),
        (Moe is { } moe ? $"moe {moe.ActiveExperts}/{moe.Experts}" : "dense") + (Mla is not null ? ", mla" : ""),
    ];
}
