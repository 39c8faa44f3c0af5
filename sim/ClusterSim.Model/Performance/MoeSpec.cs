namespace ClusterSim.Model.Performance;

/// <summary>
/// Mixture-of-experts layout, as the catalog writes it
/// (`moe: { experts, active_experts, expert_ffn_size, shared_experts, dense_layers }`).
/// </summary>
/// <param name="Experts">Routed experts per MoE layer.</param>
/// <param name="ActiveExperts">Routed experts each token is sent to (top-k).</param>
/// <param name="ExpertFfnSize">Intermediate size of one expert's gated MLP.</param>
/// <param name="SharedExperts">Experts every token passes through (DeepSeek); counted with the dense weights.</param>
/// <param name="DenseLayers">Leading layers with a dense MLP instead of experts.</param>
public sealed record MoeSpec(int Experts, int ActiveExperts, int ExpertFfnSize, int SharedExperts = 0, int DenseLayers = 0)
{
    /// <summary>The router's measured skew over the experts (`load_cv`, `hottest_load`); null: not measured.</summary>
    public ExpertPopularity? Popularity { get; init; }
}
