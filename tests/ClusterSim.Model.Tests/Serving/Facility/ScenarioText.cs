namespace ClusterSim.Model.Tests.Serving.Facility;

/// <summary>Scenario texts shared by the facility tests.</summary>
internal static class ScenarioText
{
    /// <summary>The default scenario's chat on two 8x H100 nodes in two racks, 8 TP2 replicas.</summary>
    public const string DefaultWithRacks = """
        name: two-racks
        workloads:
          chat:
            kind: text
            model: llama-3.1-8b
            arrival: {kind: poisson, rate: 30}
            prompt_tokens: {kind: lognormal, mean: 1000, cv: 1.0, min: 4, max: 8192}
            output_tokens: {kind: lognormal, mean: 250, cv: 1.0, min: 1, max: 2048}
        hardware:
          nodes:
            dgx: {count: 2, accelerator: h100-sxm, per_node: 8}
          racks:
            row: {count: 2, nodes: [dgx]}
        deployments:
          llama: {model: llama-3.1-8b, nodes: dgx, tp: 2, replicas: 8}
        run:
          duration: 60s
          seed: 4
        """;
}
