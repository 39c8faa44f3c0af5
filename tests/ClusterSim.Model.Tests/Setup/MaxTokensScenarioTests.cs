using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>
/// A text workload's max_tokens from YAML to the run: what the run says about the reservation it implies, with and without
/// a cap, and what a cap does to a TensorRT-LLM deployment's admission under load.
/// </summary>
public sealed class MaxTokensScenarioTests
{
    private static string Yaml(string outputs, string preemption = "") => $$"""
        models:
          m: {from: llama-3.1-8b, weight_precision: fp8, kv_precision: fp8}
        workloads:
          chat:
            kind: text
            model: m
            arrival: {kind: poisson, rate: 20}
            prompt_tokens: {kind: lognormal, mean: 1000, cv: 0.5, max: 4000}
            output_tokens: {{outputs}}
        hardware:
          nodes:
            box: {count: 1, accelerator: h100-sxm, per_node: 1}
        deployments:
          d:
            model: m
            nodes: box
            tp: 1
            replicas: 1
            memory_fraction: 0.3
        {{preemption}}
        execution_model: {name: roofline, stack: trtllm-fp8}
        run:
          requests: 400
          seed: 1
        """;

    private static IReadOnlyList<string> Notes(string yaml) => ScenarioCompiler.Compile(ScenarioLoader.Parse(yaml, "chat.yaml")).Notes;

    [Fact]
    public void Varied_outputs_under_no_evict_admission_without_a_cap_say_what_the_reservation_assumes()
    {
        // TensorRT-LLM's default scheduler reserves for each request's whole output; left out, the cap is the output itself.
        var notes = Notes(Yaml("{kind: lognormal, mean: 300, cv: 1.0, max: 3000}"));
        Assert.Contains(notes, n => n.StartsWith("workload 'chat': admission on deployment 'd' reserves KV memory for each request's own output length", StringComparison.Ordinal)
            && n.Contains("give workloads.chat.max_tokens", StringComparison.Ordinal));
    }

    [Fact]
    public void Fixed_outputs_or_admission_that_does_not_reserve_need_no_word()
    {
        Assert.DoesNotContain(Notes(Yaml("{kind: constant, value: 300}")), n => n.Contains("max_tokens", StringComparison.Ordinal));
        Assert.DoesNotContain(Notes(Yaml("{kind: lognormal, mean: 300, cv: 1.0}", preemption: "policies: {preemption: recompute}")),
            n => n.Contains("max_tokens", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cap_is_stated_with_the_reservation_it_sets()
    {
        var notes = Notes(Yaml("{kind: lognormal, mean: 300, cv: 1.0}").Replace("    output_tokens:", "    max_tokens: 2048\n    output_tokens:", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("workload 'chat': each request asks for at most 2048 output tokens (max_tokens)", StringComparison.Ordinal)
            && n.Contains("admission on deployment 'd' reserves KV memory for the prompt and 2048 tokens", StringComparison.Ordinal));
    }

    [Fact]
    public void Clients_that_give_no_cap_ask_for_the_context_less_their_prompt()
    {
        // llama-3.1-8b's context is 131,072 tokens: a 1,000-token prompt asks for up to 130,072, and reserving that much per
        // request under no-evict admission holds far fewer at once than reserving each output (a third of the run's
        // 400 requests would fit by their outputs; the cache holds a couple of whole contexts).
        var yaml = Yaml("{kind: lognormal, mean: 300, cv: 1.0, max: 3000}");
        var context = yaml.Replace("    output_tokens:", "    max_tokens: context\n    output_tokens:", StringComparison.Ordinal);
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Parse(context, "chat.yaml"));
        Assert.Contains(compiled.Notes, n => n.StartsWith("workload 'chat': max_tokens context: the clients give none, so each request asks for the model's 131072-token context less its prompt", StringComparison.Ordinal)
            && n.Contains("reserves KV memory for the whole context", StringComparison.Ordinal));
        Assert.Equal(131_072, compiled.Setup.Classes[0].ContextTokens);
        Assert.Null(compiled.Setup.Classes[0].MaxTokens);

        var whole = ClusterRun.Execute(compiled.Setup);
        var own = ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.Parse(yaml, "chat.yaml")).Setup);
        Assert.Equal(0, whole.Overall.CutAtMaxTokens);
        Assert.True(whole.Replicas[0].MaxBatchSize * 10 < own.Replicas[0].MaxBatchSize,
            $"max batch {whole.Replicas[0].MaxBatchSize} reserving the context, {own.Replicas[0].MaxBatchSize} each output");
    }

    [Fact]
    public void Under_no_evict_admission_a_client_cap_above_the_outputs_holds_fewer_sequences_and_queues_longer()
    {
        // The same traffic on a KV-tight replica: reserving 4,096 tokens a request where outputs average 300 admits fewer at
        // once, so requests wait for memory the engine holds back. Outputs are never cut (their max is 3,000).
        var yaml = Yaml("{kind: lognormal, mean: 300, cv: 1.0, max: 3000}");
        var uncapped = ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.Parse(yaml, "chat.yaml")).Setup);
        var capped = ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.Parse(
            yaml.Replace("    output_tokens:", "    max_tokens: 4096\n    output_tokens:", StringComparison.Ordinal), "chat.yaml")).Setup);

        Assert.Equal(uncapped.Overall.OutputTokens, capped.Overall.OutputTokens);
        Assert.Equal(0, capped.Overall.CutAtMaxTokens);
        Assert.True(capped.Replicas[0].MaxBatchSize < uncapped.Replicas[0].MaxBatchSize,
            $"max batch {capped.Replicas[0].MaxBatchSize} capped, {uncapped.Replicas[0].MaxBatchSize} not");
        Assert.True(capped.Overall.Queue.ToSummary().P50 > uncapped.Overall.Queue.ToSummary().P50);
    }
}
