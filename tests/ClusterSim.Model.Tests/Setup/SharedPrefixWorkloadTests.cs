using ClusterSim.Model.Setup;
using ClusterSim.Model.Tests.Serving.Facility;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>
/// A text workload's `shared_prefix` pool run end to end: the prefix cache finds exactly the KV the pool repeats, the run
/// says what it took, and a pool beside a hash-id trace is refused where the file says so.
/// </summary>
public sealed class SharedPrefixWorkloadTests
{
    // One request a second, each done in well under a second, so no two overlap: every hit is the cache's, not a batch's.
    private const string Yaml = """
        name: shared-prefix-test
        workloads:
          chat:
            kind: text
            model: llama-3.1-8b
            arrival: {kind: constant, rate: 1}
            prompt_tokens: {kind: constant, value: 100}
            output_tokens: {kind: constant, value: 4}
            shared_prefix: {groups: 2, prompts_per_group: 5, system_tokens: 32}
        hardware:
          nodes:
            box: {count: 1, accelerator: h100-sxm, per_node: 1}
        deployments:
          llm: {model: llama-3.1-8b, nodes: box, tp: 1, replicas: 1, max_batch: 64, max_batch_tokens: 2048}
        policies:
          batching: {name: chunked_prefill, token_budget: 2048}
        execution_model: {name: roofline, stack: vllm, engine_version: "0.15.1"}
        run:
          requests: 50
          seed: 3
        """;

    [Fact]
    public void The_cache_finds_each_groups_system_prompt_and_then_each_repeated_prompt_by_hand_count()
    {
        var run = FacilityScenarioKit.Run(Yaml);
        var overall = run.Result.Overall;

        // First pass through the 10 prompts: each group's first prompt finds nothing, its other 4 the 32 system tokens (two
        // whole 16-token blocks). Then 40 repeats, each finding its prompt's six whole blocks (96 tokens; the 100th is
        // computed to yield the next token in any case).
        Assert.Equal(5_000, overall.PromptTokens);
        Assert.Equal(2 * 4 * 32 + 40 * 96, overall.PrefixHitTokens);
        Assert.Contains(run.Notes, n => n.Contains("workload 'chat': prompts from a pool of 10 (2 group(s) of 5", StringComparison.Ordinal)
                                        && n.Contains("cache prefixes in 16-token blocks", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_pool_no_prompt_finds_anything()
    {
        var run = FacilityScenarioKit.Run(Yaml.Replace("    shared_prefix: {groups: 2, prompts_per_group: 5, system_tokens: 32}\n", ""));
        Assert.Equal(0, run.Result.Overall.PrefixHitTokens);
    }

    [Fact]
    public void Prefix_caching_off_prefills_every_prompt_whole_and_an_engine_that_needs_telling_is_named()
    {
        var off = FacilityScenarioKit.Run(Yaml, "deployments.llm.prefix_caching=off");
        Assert.Equal(0, off.Result.Overall.PrefixHitTokens);
        Assert.Contains(off.Notes, n => n.Contains("deployment 'llm': prefix caching off (prefix_caching: off)", StringComparison.Ordinal));

        // vLLM V0 and TensorRT-LLM's C++ executor cache only when told: the run caches as the scenario says, and says how not to.
        var v0 = FacilityScenarioKit.Run(Yaml, "execution_model={name: roofline, stack: vllm, engine_version: 0.6.4}");
        Assert.Equal(2 * 4 * 32 + 40 * 96, v0.Result.Overall.PrefixHitTokens);
        Assert.Contains(v0.Notes, n => n.Contains("deployment 'llm': vLLM's V0 engine (engine_version 0.6.4; --enable-prefix-caching) leaves prefix caching off unless started with it", StringComparison.Ordinal));
        Assert.Contains(FacilityScenarioKit.Run(Yaml, "execution_model={name: roofline, stack: trtllm-fp8}").Notes,
            n => n.Contains("TensorRT-LLM's C++ executor (its KV cache's enableBlockReuse) leaves prefix caching off", StringComparison.Ordinal));
        Assert.DoesNotContain(FacilityScenarioKit.Run(Yaml).Notes, n => n.Contains("leaves prefix caching off", StringComparison.Ordinal));
    }

    [Fact]
    public void Prefix_blocks_follow_the_largest_kv_block_of_the_deployments()
    {
        var run = FacilityScenarioKit.Run(Yaml, "deployments.llm.kv_block_tokens=32");
        // 32-token blocks: the system prompt is one whole block, a repeat finds three (96 tokens).
        Assert.Equal(2 * 4 * 32 + 40 * 96, run.Result.Overall.PrefixHitTokens);
        Assert.Contains(run.Notes, n => n.Contains("cache prefixes in 32-token blocks", StringComparison.Ordinal));

        var coarse = FacilityScenarioKit.Run(Yaml, "deployments.llm.kv_block_tokens=64");
        // 64-token blocks: the 32-token system prompt fills none; a repeat finds one block (64 tokens).
        Assert.Equal(40 * 64, coarse.Result.Overall.PrefixHitTokens);
    }

    [Fact]
    public void The_same_seed_gives_the_same_pool_and_another_seed_another_one()
    {
        const string Uniform = "workloads.chat.prompt_tokens={kind: uniform, min: 80, max: 300}";
        var a = FacilityScenarioKit.Run(Yaml, Uniform);
        var b = FacilityScenarioKit.Run(Yaml, Uniform);
        Assert.Equal(a.Requests.Select(r => r.PromptTokens), b.Requests.Select(r => r.PromptTokens));
        Assert.Equal(a.Result.Overall.PrefixHitTokens, b.Result.Overall.PrefixHitTokens);
        var c = FacilityScenarioKit.Run(Yaml, Uniform, "run.seed=4");
        Assert.NotEqual(a.Requests.Select(r => r.PromptTokens), c.Requests.Select(r => r.PromptTokens));
    }

    private static readonly string Validation = RepoPaths.File("scenarios", "validation");

    [Fact]
    public void A_pool_beside_a_hash_id_trace_is_refused_at_the_pool()
    {
        var text = Yaml.Replace("""
            hardware:
            """, """
              trace:
                kind: text
                model: llama-3.1-8b
                arrival: {kind: trace, format: mooncake, file: ../traces/mooncake/conversation.jsonl}
            hardware:
            """);
        var ex = Assert.Throws<ScenarioException>(() => ScenarioCompiler.Compile(ScenarioLoader.Parse(text, "pool.yaml", Validation)));
        Assert.Contains("shared_prefix pool cannot run beside a trace with prefix-block ids", ex.Message);
        Assert.Contains("pool.yaml:", ex.Message);
    }

    [Fact]
    public void A_pool_with_a_trace_arrival_is_refused_with_its_place()
    {
        var text = Yaml.Replace("arrival: {kind: constant, rate: 1}", "arrival: {kind: trace, format: mooncake, file: ../traces/mooncake/conversation.jsonl}")
            .Replace("    prompt_tokens: {kind: constant, value: 100}\n    output_tokens: {kind: constant, value: 4}\n", "");
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(text, "pool.yaml", Validation));
        Assert.Contains("'shared_prefix' cannot be used with a trace arrival", ex.Message);
        Assert.Contains("pool.yaml:7:5", ex.Message);
    }
}
