namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// The one-replica scenario the mixed-checkpoint tests compile: a model line of their choosing (a catalog model with its
/// weight formats and <c>mixed_weights</c>) on one accelerator of an 8-card node, light chat traffic.
/// </summary>
internal static class MixedCheckpointScenario
{
    /// <param name="model">The model's mapping, e.g. <c>{from: llama-3.1-8b, weight_precision: fp8, ...}</c>.</param>
    public static string Yaml(string model, string accelerator) => $$$"""
        models:
          m: {{{model}}}
        workloads:
          chat: {kind: text, model: m, arrival: {kind: poisson, rate: 1}, prompt_tokens: 100, output_tokens: 100}
        hardware:
          nodes:
            n: {count: 1, accelerator: {{{accelerator}}}, per_node: 8}
        deployments:
          d: {model: m, nodes: n, tp: 1, replicas: 1}
        run: {duration: 10s}
        """;
}
