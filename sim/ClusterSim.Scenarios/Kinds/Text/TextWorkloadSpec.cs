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
}
