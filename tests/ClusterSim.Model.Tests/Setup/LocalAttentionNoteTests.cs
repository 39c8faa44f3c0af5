using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>
/// A run of a model with local-attention layers says which layers attend what, how the execution model prices them and
/// how the KV cache is sized; a run of a model without them stays silent (no note stands in for pricing that is done).
/// </summary>
public sealed class LocalAttentionNoteTests
{
    private static IReadOnlyList<string> Notes(string model) => ScenarioCompiler.Compile(ScenarioLoader.Parse($$"""
        models:
          m: {from: {{model}}, weight_precision: fp8, kv_precision: fp8}
        workloads:
          chat: {kind: text, model: m, arrival: {kind: poisson, rate: 1}, prompt_tokens: 100, output_tokens: 100}
        hardware:
          nodes:
            n: {count: 1, accelerator: h200-sxm, per_node: 8}
        deployments:
          d: {model: m, nodes: n, tp: 4, replicas: 1}
        run: {duration: 10s}
        """, "local.yaml")).Notes;

    [Theory]
    [InlineData("llama-4-scout", "36 of 48 layers attend within chunks of 8,192 tokens (local_attention)")]
    [InlineData("gpt-oss-120b", "18 of 36 layers attend within a sliding window of 128 tokens (local_attention)")]
    [InlineData("gemma-3-27b", "52 of 62 layers attend within a sliding window of 1,024 tokens (local_attention)")]
    public void A_model_with_local_attention_is_run_with_a_note_saying_how_it_is_priced(string model, string layers)
    {
        var note = Assert.Single(Notes(model), n => n.Contains("local_attention", StringComparison.Ordinal));
        Assert.Contains(layers, note, StringComparison.Ordinal);
        Assert.Contains("priced over the tokens they attend", note, StringComparison.Ordinal);
        Assert.Contains("the KV cache is sized as if they held the whole context", note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_it_gets_no_such_note()
        => Assert.DoesNotContain(Notes("llama-3.3-70b"), n => n.Contains("local_attention", StringComparison.Ordinal));
}
