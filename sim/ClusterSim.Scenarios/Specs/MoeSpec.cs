namespace ClusterSim.Scenarios;

/// <summary>Mixture of experts.</summary>
/// <param name="Experts">Routed experts per MoE layer.</param>
/// <param name="ActiveExperts">Routed experts each token uses.</param>
/// <param name="ExpertFfnSize">FFN width of one expert.</param>
/// <param name="SharedExperts">Experts every token uses.</param>
/// <param name="DenseLayers">Leading layers with a dense FFN instead of experts.</param>
public sealed record MoeSpec(int Experts, int ActiveExperts, int ExpertFfnSize, int SharedExperts, int DenseLayers);
