namespace ClusterSim.Model.Performance;

/// <summary>
/// The models the shipped measurements were taken with (Splitwise: Llama2-70B and BLOOM-176B; NVIDIA NIM:
/// Llama-3.3-70B, which has Llama-3.1-70B's architecture) and the model of the hand-computed example (Llama-3.1-8B). The catalog's `models.yaml` remains the users' source.
/// </summary>
public static class ReferenceModels
{
    /// <summary>Llama-2-70B; every figure from meta-llama/Llama-2-70b-hf config.json.</summary>
    public static LlmArchitecture Llama2_70B { get; } = new()
    {
        Key = "llama-2-70b",
        Name = "Llama 2 70B",
        ParamsB = 68.98,     // 68,976,648,192 parameters (safetensors index of meta-llama/Llama-2-70b-hf)
        Layers = 80,         // num_hidden_layers
        HiddenSize = 8192,   // hidden_size
        Heads = 64,          // num_attention_heads
        KvHeads = 8,         // num_key_value_heads (grouped-query attention)
        HeadDim = 128,       // hidden_size / num_attention_heads
        FfnSize = 28672,     // intermediate_size
        VocabSize = 32000,   // vocab_size
    };

    /// <summary>BLOOM-176B; figures from bigscience/bloom config.json and the BLOOM paper (arXiv 2211.05100).</summary>
    public static LlmArchitecture Bloom176B { get; } = new()
    {
        Key = "bloom-176b",
        Name = "BLOOM 176B",
        ParamsB = 176.25,    // 176,247,271,424 parameters (BLOOM paper, Table 3)
        Layers = 70,         // n_layer
        HiddenSize = 14336,  // hidden_size
        Heads = 112,         // n_head (multi-head attention: as many KV heads)
        HeadDim = 128,       // 14336 / 112
        FfnSize = 57344,     // 4 x hidden_size (BLOOM's MLP is not gated)
        VocabSize = 250880,  // vocab_size
    };

    /// <summary>Llama-3.1-8B; every figure from meta-llama/Llama-3.1-8B config.json.</summary>
    public static LlmArchitecture Llama31_8B { get; } = new()
    {
        Key = "llama-3.1-8b",
        Name = "Llama 3.1 8B",
        ParamsB = 8.03,      // 8,030,261,248 parameters (model card)
        Layers = 32,         // num_hidden_layers
        HiddenSize = 4096,   // hidden_size
        Heads = 32,          // num_attention_heads
        KvHeads = 8,         // num_key_value_heads
        HeadDim = 128,       // head_dim
        FfnSize = 14336,     // intermediate_size
        VocabSize = 128256,  // vocab_size
    };

    /// <summary>Llama-3.1-70B (and Llama-3.3-70B, the same config fields); figures from meta-llama/Llama-3.1-70B config.json.</summary>
    public static LlmArchitecture Llama31_70B { get; } = new()
    {
        Key = "llama-3.1-70b",
        Name = "Llama 3.1 70B",
        ParamsB = 70.55,     // 70,553,706,496 parameters (from the config fields)
        Layers = 80,         // num_hidden_layers
        HiddenSize = 8192,   // hidden_size
        Heads = 64,          // num_attention_heads
        KvHeads = 8,         // num_key_value_heads
        HeadDim = 128,       // hidden_size / num_attention_heads
        FfnSize = 28672,     // intermediate_size
        VocabSize = 128256,  // vocab_size
    };
}
