using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Workloads;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>One traffic class: where its requests come from and what it is promised.</summary>
/// <param name="Source">Builds the request source on the run's simulation (so it can take seeded streams).</param>
/// <param name="Priority">Higher goes first under strict-priority scheduling.</param>
public sealed record ClassSetup(string Name, Func<Simulation, IRequestSource> Source, SloTargets Slo, int Priority = 0)
{
    /// <summary>Pools (deployments) that may serve this class; null means every pool that takes new requests.</summary>
    public IReadOnlyList<string>? Pools { get; init; }

    /// <summary>Share of a replica under fair-sharing scheduling, relative to the other classes.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>A batcher in front of the router that hands this class's requests to replicas in groups; null: each on arrival.</summary>
    public FrontBatching? FrontBatching { get; init; }

    /// <summary>
    /// The output cap each request asks for (a client's max_tokens): longer outputs are cut at it, and admission that
    /// reserves KV memory reserves for it. Null: each request asks for its own output length, as benchmark clients do.
    /// </summary>
    public int? MaxTokens { get; init; }

    /// <summary>
    /// Where the clients give no max_tokens: the context a request's prompt and output may fill (the model's), so each asks for
    /// this less its prompt, as OpenAI-style servers deduce; null otherwise. <see cref="MaxTokens"/> wins where both are set.
    /// </summary>
    public int? ContextTokens { get; init; }

    /// <summary>Beams each request decodes (beam search; 1: one sequence), of which it returns one.</summary>
    public int BeamWidth { get; init; } = 1;

    /// <summary>
    /// The path between a request's client and its engine that no step contains (an HTTP server's parsing, tokenizer and
    /// hops, the streamed response, the client's parsing), in nanoseconds: a request reaches the cluster this long after its
    /// client sent it, which its first token, its end and a closed-loop user's next request all wait for. The engine's
    /// work does not change; an open-loop arrival process only moves later by it. 0: none.
    /// </summary>
    public long RequestPathNs { get; init; }
}
