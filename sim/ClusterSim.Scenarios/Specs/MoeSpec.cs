namespace ClusterSim.Scenarios;

/// <summary>Mixture of experts.</summary>
/// <param name="Experts">Routed experts per MoE layer.</param>
/// <param name="ActiveExperts">Routed experts each token uses.</param>
/// <param name="ExpertFfnSize">FFN width of one expert.</param>
/// <param name="SharedExperts">Experts every token uses.</param>
/// <param name="DenseLayers">Leading layers with a dense FFN instead of experts.</param>
public sealed record MoeSpec(int Experts, int ActiveExperts, int ExpertFfnSize, int SharedExperts, int DenseLayers)
{
    /// <summary>
    /// Measured standard deviation over mean of the routed experts' token counts within a MoE layer in one iteration,
    /// averaged over layers (`load_cv`); null: not measured.
    /// </summary>
    public double? LoadCv { get; init; }

    /// <summary>Measured hottest expert's token count over the mean, the same way (`hottest_load`); null: not measured.</summary>
    public double? HottestLoad { get; init; }
}
