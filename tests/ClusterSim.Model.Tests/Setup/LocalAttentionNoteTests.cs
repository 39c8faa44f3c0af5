using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>
/// A run of a model with local-attention layers says which layers attend what, how the execution model prices them and
/// how the KV cache holds them; a run of a model without them stays silent (no note stands in for pricing that is done).
/// </summary>
public sealed class LocalAttentionNoteTests
{
    private static CompiledScenario Compile(string model, string localKv = "") => ScenarioCompiler.Compile(ScenarioLoader.Parse($$"""
        models:
          m: {from: {{model}}, weight_precision: fp8, kv_precision: fp8}
        workloads:
          chat: {kind: text, model: m, arrival: {kind: poisson, rate: 1}, prompt_tokens: 100, output_tokens: 100}
        hardware:
          nodes:
            n: {count: 1, accelerator: h200-sxm, per_node: 8}
        deployments:
          d: {model: m, nodes: n, tp: 4, replicas: 1{{localKv}}}
        run: {duration: 10s}
        """, "local.yaml"));

    private static IReadOnlyList<string> Notes(string model, string localKv = "") => Compile(model, localKv).Notes;

    [Theory]
    [InlineData("llama-4-scout", "36 of 48 layers attend within chunks of 8,192 tokens (local_attention)")]
    [InlineData("gpt-oss-120b", "18 of 36 layers attend within a sliding window of 128 tokens (local_attention)")]
    [InlineData("gemma-3-27b", "52 of 62 layers attend within a sliding window of 1,024 tokens (local_attention)")]
    public void A_model_with_local_attention_is_run_with_a_note_saying_how_it_is_priced(string model, string layers)
    {
        var note = Assert.Single(Notes(model), n => n.Contains("local_attention", StringComparison.Ordinal));
        Assert.Contains(layers, note, StringComparison.Ordinal);
        Assert.Contains("priced over the tokens they attend", note, StringComparison.Ordinal);
        Assert.Contains("the KV cache holds every token of the context in them", note, StringComparison.Ordinal);
        Assert.Contains("local_kv: window", note, StringComparison.Ordinal);

        var windowed = Assert.Single(Notes(model, ", local_kv: window"), n => n.Contains("local_attention", StringComparison.Ordinal));
        Assert.Contains("the KV cache holds the other layers' whole context and, for each sequence, the local layers' window", windowed, StringComparison.Ordinal);
    }

    [Fact]
    public void With_local_kv_window_the_pool_counts_the_whole_context_layers_and_each_sequence_its_window()
    {
        // gpt-oss-120b: 18 of 36 layers slide over 128 tokens. The pool's token is then the other 18 layers' KV, half the
        // whole model's, and a sequence's window costs one pool token a token of it.
        var whole = Compile("gpt-oss-120b").Setup.Pools[0].Config;
        var window = Compile("gpt-oss-120b", ", local_kv: window").Setup.Pools[0].Config;
        Assert.Equal(0, whole.WindowPoolTokensPerToken);
        Assert.Equal(1.0, window.WindowPoolTokensPerToken, 12);
        Assert.Equal(whole.KvBytesPerToken / 2.0, window.KvBytesPerToken, 0);
        Assert.Equal(128, window.WindowPoolTokens(5_000));
        Assert.Equal(100, window.WindowPoolTokens(100));
        Assert.Equal(0, whole.WindowPoolTokens(5_000));
    }

    [Fact]
    public void A_model_whose_every_layer_is_local_says_its_cache_holds_the_whole_context()
    {
        // Mistral 7B slides every layer over 4,096 tokens: with no whole-context layer to count the pool in, the pool
        // counts every layer whole even with local_kv: window, and the run says where that overstates.
        var note = Assert.Single(Notes("mistral-7b"), n => n.Contains("local_attention", StringComparison.Ordinal));
        Assert.Contains("32 of 32 layers attend within a sliding window of 4,096 tokens", note, StringComparison.Ordinal);
        Assert.Contains("holds every token of the context", note, StringComparison.Ordinal);
        var windowed = Assert.Single(Notes("mistral-7b", ", local_kv: window"), n => n.Contains("local_attention", StringComparison.Ordinal));
        Assert.Contains("local_kv: window is not priced where every layer is local", windowed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_it_gets_no_such_note()
        => Assert.DoesNotContain(Notes("llama-3.3-70b"), n => n.Contains("local_attention", StringComparison.Ordinal));
}
