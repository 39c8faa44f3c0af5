using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// The example scenarios/deepseek-dp-attention.yaml both ways. Under tensor parallelism every rank of the 8x H200
/// node keeps the whole MLA latent of every token (61 layers x 576 values x 2 bytes, 8 times over), so the KV cache
/// holds an eighth of what attention data parallelism keeps in the same memory; at 12 requests/s of 2,000-token
/// prompts the tensor-parallel replica runs out of KV cache and falls behind, the data-parallel one keeps up. The
/// direction SGLang documents for --enable-dp-attention ("a significant reduction in the KV cache size, enabling
/// larger batch sizes", docs.sglang.ai references/deepseek).
/// </summary>
public sealed class AttentionDataParallelScenarioTests(ITestOutputHelper output)
{
    private static Model.Serving.Cluster.ServingResult Run(string attention)
    {
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", "deepseek-dp-attention.yaml"), [$"deployments.deepseek.attention={attention}"]);
        return ClusterRun.Execute(ScenarioCompiler.Compile(scenario));
    }

    [Fact]
    public void Attention_data_parallelism_keeps_up_where_tensor_parallelism_runs_out_of_kv_cache()
    {
        var dp = Run("dp");
        var tp = Run("tp");
        foreach (var (name, r) in new[] { ("dp", dp), ("tp", tp) })
        {
            output.WriteLine($"{name}: {r.Overall.ThroughputRps(r.MeasuredSeconds):F2} req/s, SLO {r.Classes[0].SloAttainment:P1}, " +
                             $"running {r.TextReplicas.Average(x => x.MeanRunning):F0}, KV {r.TextReplicas.Average(x => x.MeanKvOccupancy):P0}, preemptions {r.Overall.Preemptions}");
        }

        Assert.True(dp.Classes[0].SloAttainment > 0.99, "attention dp keeps its SLOs at 12 req/s");
        Assert.Equal(0, dp.Overall.Preemptions);
        Assert.True(tp.Overall.Preemptions > 0, "tensor parallelism runs out of KV cache");
        Assert.True(tp.Overall.ThroughputRps(tp.MeasuredSeconds) < 0.8 * dp.Overall.ThroughputRps(dp.MeasuredSeconds));
        Assert.Contains(dp.Notes, n => n.Contains("attention data parallel", StringComparison.Ordinal));
    }
}
