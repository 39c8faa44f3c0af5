using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>
/// Chunked attention is known to the catalog but not priced: a run of a model that has it says so, with the chunk, and
/// a run of one that does not stays silent (no note stands in for pricing that is done).
/// </summary>
public sealed class AttentionChunkNoteTests
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
        """, "chunk.yaml")).Notes;

    [Fact]
    public void A_model_with_chunked_attention_is_run_with_a_note_that_it_is_priced_over_the_whole_context()
    {
        var note = Assert.Single(Notes("llama-4-scout"), n => n.Contains("attention_chunk", StringComparison.Ordinal));
        Assert.Contains("chunks of 8,192 tokens", note, StringComparison.Ordinal);
        Assert.Contains("charged over the whole context", note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_it_gets_no_such_note()
        => Assert.DoesNotContain(Notes("llama-3.3-70b"), n => n.Contains("attention_chunk", StringComparison.Ordinal));
}
