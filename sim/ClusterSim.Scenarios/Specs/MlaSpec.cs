namespace ClusterSim.Scenarios;

/// <summary>Multi-head latent attention (DeepSeek-V2/V3): the KV cache holds a compressed latent per token and layer.</summary>
/// <param name="KvLoraRank">Rank of the compressed KV latent.</param>
/// <param name="QkRopeHeadDim">Rotary key part, cached beside the latent.</param>
/// <param name="QLoraRank">Rank of the compressed query, when given.</param>
/// <param name="QkNopeHeadDim">Non-rotary query/key head part, when given.</param>
/// <param name="VHeadDim">Value head size, when given.</param>
public sealed record MlaSpec(int KvLoraRank, int QkRopeHeadDim, int? QLoraRank, int? QkNopeHeadDim, int? VHeadDim);
