using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>
/// A replica's KV blocks are sized by what one token occupies as stored, across all its accelerators,
/// worked out by hand from the models' configs.
/// </summary>
public sealed class KvCapacityTests
{
    private static long BytesPerToken(params string[] sets)
        => ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(sets)).Setup.Pools[0].Config.KvBytesPerToken;

    [Fact]
    public void Grouped_query_attention_stores_its_KV_heads_once()
    {
        // Llama-3.1-8B at TP2: 32 layers x (K, V) x 8 KV heads x 128 x 2 bytes (bf16), split over two ranks.
        Assert.Equal(32L * 2 * 8 * 128 * 2, BytesPerToken());
    }

    [Fact]
    public void KV_heads_are_copied_when_there_are_fewer_than_tensor_ranks()
    {
        // TP16 over two nodes: 8 KV heads for 16 ranks, so each rank keeps one head: twice the model's own size.
        var bytes = BytesPerToken("deployments.llama-8b.tp=16", "deployments.llama-8b.replicas=1", "hardware.nodes.dgx-h100.count=2",
            "hardware.nodes.dgx-h100.network={kind: infiniband, bidir_gbs: 800}");
        Assert.Equal(16L * 32 * 2 * 1 * 128 * 2, bytes);
    }

    [Fact]
    public void An_MLA_latent_is_kept_on_every_tensor_rank()
    {
        // DeepSeek-V3 at TP8: 61 layers x (kv_lora_rank 512 + rope 64) x 2 bytes, on each of 8 ranks.
        var bytes = BytesPerToken("models={ds: {from: deepseek-v3, weight_precision: fp8}}", "deployments.llama-8b.model=ds",
            "workloads.chat.model=ds", "deployments.llama-8b.tp=8", "deployments.llama-8b.replicas=1",
            "hardware.nodes.dgx-h100.accelerator=h200-sxm");
        Assert.Equal(8L * 61 * (512 + 64) * 2, bytes);
    }
}
