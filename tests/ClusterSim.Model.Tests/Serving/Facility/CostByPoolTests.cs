using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Serving.Facility;

/// <summary>A class is charged for the hardware that served it, not for a share of every pool.</summary>
public sealed class CostByPoolTests
{
    // Two classes, each on its own pool: the small model on 2 rented L40S, the large on 8 rented H200.
    private const string Yaml = """
        name: two-pools
        workloads:
          small:
            kind: text
            model: llama-3.1-8b
            deployments: [cheap]
            arrival: {kind: poisson, rate: 4}
            prompt_tokens: 500
            output_tokens: 200
          large:
            kind: text
            model: llama-3.1-70b
            deployments: [dear]
            arrival: {kind: poisson, rate: 4}
            prompt_tokens: 500
            output_tokens: 200
        hardware:
          nodes:
            l40s-node: {count: 1, accelerator: l40s, per_node: 2}
            h200-node: {count: 1, accelerator: h200-sxm, per_node: 8}
        deployments:
          cheap: {model: llama-3.1-8b, nodes: l40s-node, tp: 1, replicas: 2}
          dear: {model: llama-3.1-70b, nodes: h200-node, tp: 4, replicas: 2}
        facility:
          costs: {mode: rent}
        run: {duration: 2m, warmup: 0s, seed: 3}
        """;

    [Fact]
    public void Each_class_carries_the_rent_of_its_own_pool()
    {
        var scenario = ScenarioLoader.Parse(Yaml, "two-pools.yaml", null, null);
        var result = ClusterRun.Execute(ScenarioCompiler.Compile(scenario));
        var cost = result.Facility!.Cost;
        var small = cost.Classes.Single(c => c.Name == "small");
        var large = cost.Classes.Single(c => c.Name == "large");

        // By hand: rent x accelerators of each pool over the run (catalog: L40S 1.40 USD/h, H200 6.35 USD/h).
        var hours = cost.DurationS / 3600;
        Assert.Equal(1.40 * 2 * hours, small.TotalUsd, 1e-9);
        Assert.Equal(6.35 * 8 * hours, large.TotalUsd, 1e-9);
        Assert.Equal(cost.TotalUsd, small.TotalUsd + large.TotalUsd, 1e-9);

        // Per million output tokens, each on its own pool's cost and its own tokens.
        var smallTokens = result.Classes.Single(c => c.Name == "small").OutputTokens;
        Assert.Equal(small.TotalUsd / smallTokens * 1e6, small.UsdPerMillionOutputTokens!.Value, 1e-9);
        Assert.True(large.UsdPerMillionOutputTokens > 5 * small.UsdPerMillionOutputTokens,
            $"70B on H200 ({large.UsdPerMillionOutputTokens:F3}) should cost far more per token than 8B on L40S ({small.UsdPerMillionOutputTokens:F3})");
    }
}
