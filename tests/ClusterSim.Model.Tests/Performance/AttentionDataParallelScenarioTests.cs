using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using static ClusterSim.Scenarios.PrecisionInfo;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// The example scenarios/deepseek-dp-attention.yaml both ways. Under tensor parallelism every rank of the 8x H200
/// node keeps the whole MLA latent of every token (61 layers x 576 values x 2 bytes, 8 times over), so the KV cache
/// holds an eighth of what attention data parallelism keeps in the same memory; at 8 requests/s of 2,000-token
/// prompts the tensor-parallel replica runs out of KV cache and falls behind (its admission holding requests back, as
/// TensorRT-LLM's default scheduler does), the data-parallel one keeps up (at 12 it did
/// too until 2026-12-05, when a step came to wait for its busiest rank: a lone prompt on one rank). The
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

    [Theory]
    [InlineData("tp")]
    [InlineData("dp")]
    public void The_kv_cache_is_what_the_node_holds_after_the_weights_by_hand(string attention)
    {
        // By hand: 8 x 141 GiB x memory_fraction 0.9, less 1.5 GB of activations per GPU, less the FP8 weights: 671e9
        // parameters at a byte, the two 129,280 x 7,168 vocab tables at two (FP8 checkpoints keep them BF16), once under
        // tp; under dp also 7 more copies of all but the routed experts (58 MoE layers x 256 experts x 3 x 7,168 x
        // 2,048). Each token keeps 61 layers x (512 + 64) latent values, once under dp and on each of the 8 ranks under tp.
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", "deepseek-dp-attention.yaml"), [$"deployments.deepseek.attention={attention}"]);
        var dp = attention == "dp";
        var memory = 8 * scenario.Accelerator("h200-sxm").HbmBytes * 0.9;
        const double model = 671e9 + 2 * 129280.0 * 7168;
        var weights = model + (dp ? 7 * (model - 58 * 256 * 3.0 * 7168 * 2048) : 0);
        var kvElement = ((LlmModelSpec)scenario.Model("deepseek-v3-fp8")).KvPrecision.Bytes();
        var bytesPerToken = 61 * 576 * kvElement * (dp ? 1 : 8);
        var tokensByHand = (memory - 8 * 1.5e9 - weights) / bytesPerToken;

        var config = ScenarioCompiler.Compile(scenario).Setup.Pools[0].Config;
        var tokens = (double)config.KvBlocks * config.BlockSizeTokens;
        output.WriteLine($"attention {attention}: {tokens:N0} KV tokens, by hand {tokensByHand:N0}");
        Assert.InRange(tokensByHand - tokens, 0, config.BlockSizeTokens); // whole blocks: at most one block short
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

        Assert.True(dp.Classes[0].SloAttainment > 0.99, "attention dp keeps its SLOs at 8 req/s");
        // The file names no preemption, so both run TensorRT-LLM's guaranteed-no-evict admission (since 2026-12-06; they
        // preempted and recomputed before): out of KV cache, the tensor-parallel replica holds new requests back with its
        // cache nearly full, where the data-parallel one uses a fraction of its own.
        Assert.Equal((0, 0), (dp.Overall.Preemptions, tp.Overall.Preemptions));
        var (kvDp, kvTp) = (dp.TextReplicas.Average(x => x.MeanKvOccupancy), tp.TextReplicas.Average(x => x.MeanKvOccupancy));
        Assert.True(kvTp > 0.75 && kvTp > 3 * kvDp, $"tensor parallelism runs out of KV cache: {kvTp:P0} full against {kvDp:P0}");
        Assert.True(tp.Classes[0].SloAttainment < 0.5, "its requests wait for KV memory past their SLO");
        // dp serves what arrives; tp falls behind by more than a tenth (its queue grows without bound).
        Assert.True(tp.Overall.ThroughputRps(tp.MeasuredSeconds) < 0.9 * dp.Overall.ThroughputRps(dp.MeasuredSeconds));
        Assert.Contains(dp.Notes, n => n.Contains("attention data parallel", StringComparison.Ordinal));
        Assert.Contains(dp.Notes, n => n.Contains("holds its chunk to that rank's share", StringComparison.Ordinal));
        Assert.DoesNotContain(tp.Notes, n => n.Contains("rank's share", StringComparison.Ordinal));

        // The run says which way this path errs against the published rows; the tensor-parallel one has no such caveat.
        Assert.Contains(dp.Notes, n => n.Contains("read its throughput as an upper estimate", StringComparison.Ordinal));
        Assert.DoesNotContain(tp.Notes, n => n.Contains("upper estimate", StringComparison.Ordinal));
    }
}
