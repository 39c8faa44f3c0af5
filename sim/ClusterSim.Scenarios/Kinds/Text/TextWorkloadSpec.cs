namespace ClusterSim.Scenarios;

/// <summary>Text generation.</summary>
/// <param name="PromptTokens">Prompt length in tokens; null when a trace gives the sizes.</param>
/// <param name="OutputTokens">Output length in tokens; null when a trace gives the sizes.</param>
public sealed record TextWorkloadSpec(
    string Name,
    string Model,
    ArrivalSpec Arrival,
    int Priority,
    IReadOnlyList<string> Deployments,
    SloSpec Slo,
    DistributionSpec? PromptTokens,
    DistributionSpec? OutputTokens)
    : WorkloadSpec(Name, Model, Arrival, Priority, Deployments, Slo)
{
    public override string Kind => "text";

    /// <summary>Harness-side batching in front of the router; null: each request is routed on arrival.</summary>
    public FrontBatcherSpec? FrontBatcher { get; init; }

    /// <summary>
    /// The output cap each request asks for (a client's max_tokens): longer outputs stop there, and an engine that reserves
    /// KV memory at admission reserves for it. Null: each request asks for its own output length, as benchmark clients do.
    /// </summary>
    public int? MaxTokens { get; init; }

    /// <summary>
    /// <c>max_tokens: context</c>: the clients give no cap, so each request asks for the model's context less its prompt (what
    /// TensorRT-LLM's and vLLM's OpenAI servers deduce), and an engine that reserves at admission reserves that much.
    /// </summary>
    public bool MaxTokensFromContext { get; init; }

    /// <summary>
    /// Beams each request decodes (beam search; 1: one sequence). The request returns one of them, so its output length is
    /// that beam's; every step computes a token for each beam.
    /// </summary>
    public int BeamWidth { get; init; } = 1;

    /// <summary>
    /// Prompts from a fixed pool that requests reuse, in groups sharing a system prompt, so that an engine's prefix cache
    /// finds their KV (`shared_prefix`); null: every prompt is new.
    /// </summary>
    public SharedPrefixSpec? SharedPrefix { get; init; }
}
