namespace ClusterSim.Model.Performance;

/// <summary>
/// The shape of a decoder-only language model, with field names mirroring `models.yaml`
/// (scenarios/catalog/FORMAT.md): `params_b, active_params_b, layers, hidden_size, heads, kv_heads, head_dim,
/// ffn_size, vocab_size, moe, mla`.
/// </summary>
public sealed record LlmArchitecture
{
    public required string Key { get; init; }

    public string Name { get; init; } = "";

    /// <summary>All parameters, in billions.</summary>
    public required double ParamsB { get; init; }

    /// <summary>Parameters touched per token, in billions (MoE); derived from <see cref="Moe"/> when absent.</summary>
    public double? ActiveParamsB { get; init; }

    public required int Layers { get; init; }

    public required int HiddenSize { get; init; }

    public required int Heads { get; init; }

    /// <summary>Key/value heads (grouped-query attention); 0 means as many as <see cref="Heads"/>.</summary>
    public int KvHeads { get; init; }

    /// <summary>0 means <see cref="HiddenSize"/> / <see cref="Heads"/>.</summary>
    public int HeadDim { get; init; }

    public required int FfnSize { get; init; }

    public int VocabSize { get; init; }

    /// <summary>
    /// The output projection shares the input embedding matrix (`embeddings: tied`): the parameter count holds the
    /// vocab x hidden table once instead of twice.
    /// </summary>
    public bool TiedEmbeddings { get; init; }

    /// <summary>Parameters of one vocab x hidden table: the input embedding, or the output projection (lm_head).</summary>
    public double VocabTableParameters => (double)VocabSize * HiddenSize;

    /// <summary>Vocab x hidden tables the parameter count holds: 1 tied, 2 untied (0 without a vocabulary).</summary>
    public int VocabTablesCounted => VocabSize == 0 ? 0 : TiedEmbeddings ? 1 : 2;

    public MoeSpec? Moe { get; init; }

    public MlaSpec? Mla { get; init; }

    /// <summary>Layers that attend within a sliding window or a chunk (`local_attention`); null: every layer sees the whole context.</summary>
    public LocalAttention? LocalAttention { get; init; }

    public int EffectiveKvHeads => KvHeads > 0 ? KvHeads : Heads;

    public int EffectiveHeadDim => HeadDim > 0 ? HeadDim : HiddenSize / Math.Max(1, Heads);

    public double TotalParameters => ParamsB * 1e9;

    /// <summary>Parameters of one routed expert: gate, up and down projections of a gated MLP.</summary>
    public double ParametersPerExpert => Moe is null ? 0 : 3.0 * HiddenSize * Moe.ExpertFfnSize;

    public int MoeLayers => Moe is null ? 0 : Layers - Moe.DenseLayers;

    /// <summary>Parameters of all routed experts together: the part a batch reads only where it routes tokens.</summary>
    public double RoutedExpertParameters => Moe is null ? 0 : MoeLayers * (double)Moe.Experts * ParametersPerExpert;

    /// <summary>Parameters every iteration reads whatever the routing: all of a dense model.</summary>
    public double AlwaysReadParameters => TotalParameters - RoutedExpertParameters;

    /// <summary>Parameters one token multiplies by (2 FLOPs each).</summary>
    public double ActiveParameters
    {
        get
        {
            if (ActiveParamsB is { } active)
            {
                return active * 1e9;
            }

            return Moe is null
                ? TotalParameters
                : AlwaysReadParameters + MoeLayers * (double)Moe.ActiveExperts * ParametersPerExpert;
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first inconsistent field.</summary>
    public void Validate()
    {
        Require(ParamsB > 0, "params_b", $"must be positive, got {ParamsB}");
        Require(Layers > 0, "layers", $"must be positive, got {Layers}");
        Require(HiddenSize > 0, "hidden_size", $"must be positive, got {HiddenSize}");
        Require(Heads > 0, "heads", $"must be positive, got {Heads}");
        Require(KvHeads >= 0 && EffectiveKvHeads <= Heads, "kv_heads", $"must be between 1 and heads ({Heads}), got {KvHeads}");
        Require(HeadDim >= 0 && EffectiveHeadDim > 0, "head_dim", $"must be positive, got {HeadDim}");
        Require(FfnSize > 0, "ffn_size", $"must be positive, got {FfnSize}");
        if (Moe is { } moe)
        {
            Require(moe.Experts > 0, "moe.experts", $"must be positive, got {moe.Experts}");
            Require(moe.ActiveExperts > 0 && moe.ActiveExperts <= moe.Experts, "moe.active_experts",
                $"must be between 1 and experts ({moe.Experts}), got {moe.ActiveExperts}");
            Require(moe.ExpertFfnSize > 0, "moe.expert_ffn_size", $"must be positive, got {moe.ExpertFfnSize}");
            Require(moe.DenseLayers >= 0 && moe.DenseLayers < Layers, "moe.dense_layers",
                $"must be between 0 and layers - 1 ({Layers - 1}), got {moe.DenseLayers}");
            Require(moe.SharedExperts >= 0, "moe.shared_experts", $"must not be negative, got {moe.SharedExperts}");
            Require(RoutedExpertParameters < TotalParameters, "params_b",
                $"{ParamsB} B is less than the routed experts alone ({RoutedExpertParameters / 1e9:F1} B from " +
                $"{MoeLayers} layers x {moe.Experts} experts x 3 x hidden_size x expert_ffn_size)");
        }

        if (Mla is { } mla)
        {
            Require(mla.KvLoraRank > 0, "mla.kv_lora_rank", $"must be positive, got {mla.KvLoraRank}");
            Require(mla.QkRopeHeadDim >= 0, "mla.qk_rope_head_dim", $"must not be negative, got {mla.QkRopeHeadDim}");
        }

        Require(ActiveParameters > 0 && ActiveParameters <= TotalParameters * (1 + 1e-9), "active_params_b",
            $"must be positive and at most params_b ({ParamsB}), got {ActiveParameters / 1e9}");
    }

    private void Require(bool condition, string field, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"model '{Key}': {field} {problem}");
        }
    }
}
