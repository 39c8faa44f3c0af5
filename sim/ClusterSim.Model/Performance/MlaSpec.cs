namespace ClusterSim.Model.Performance;

/// <summary>
/// Multi-head latent attention (DeepSeek-V2/V3), as the catalog writes it
/// (`mla: { kv_lora_rank, qk_rope_head_dim, q_lora_rank, qk_nope_head_dim, v_head_dim }`).
/// The KV cache holds one compressed latent of <see cref="KvLoraRank"/> + <see cref="QkRopeHeadDim"/> values per
/// token and layer, shared by all heads.
/// </summary>
public sealed record MlaSpec(
    int KvLoraRank,
    int QkRopeHeadDim,
    int QLoraRank = 0,
    int QkNopeHeadDim = 0,
    int VHeadDim = 0);
