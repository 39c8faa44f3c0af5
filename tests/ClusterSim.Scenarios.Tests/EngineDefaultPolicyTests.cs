namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// A scenario that names no batching or preemption gets its engine's own, read from the execution model's stack:
/// TensorRT-LLM batches in flight with chunked context off and admits through its guaranteed-no-evict scheduler (none);
/// vLLM V0 and SGLang prefill each prompt in an iteration of its own (continuous) and recompute what they preempt.
/// </summary>
public sealed class EngineDefaultPolicyTests
{
    private static Scenario Load(params string[] sets)
        => ScenarioLoader.Parse(MalformedCases.Base, "test.yaml", MalformedCases.Folder, sets, Fixtures.Catalog);

    [Fact]
    public void Without_a_stack_the_defaults_are_continuous_and_recompute_marked_as_defaults()
    {
        var s = Load();
        Assert.Equal(("continuous", true), (s.Policies.Batching.Name, s.Policies.Batching.Defaulted));
        Assert.Equal(("recompute", true), (s.Policies.Preemption.Name, s.Policies.Preemption.Defaulted));
        Assert.Equal(("least_outstanding", true), (s.Policies.Routing.Name, s.Policies.Routing.Defaulted));
        Assert.Equal(1, s.Deployments[0].Policies.Batching.GetDouble("scheduler_steps"));
        Assert.Equal(0, s.Deployments[0].Policies.Preemption.GetDouble("reserve"));
    }

    [Theory]
    [InlineData("trtllm-fp8")]
    [InlineData("trtllm-bf16")]
    [InlineData("trtllm-pytorch-fp8")]
    public void A_TensorRT_LLM_stack_batches_in_flight_and_never_preempts_when_the_scenario_names_neither(string stack)
    {
        var s = Load($"execution_model={{name: roofline, stack: {stack}}}");
        Assert.Equal(("inflight", true), (s.Policies.Batching.Name, s.Policies.Batching.Defaulted));
        Assert.Equal(("none", true), (s.Policies.Preemption.Name, s.Policies.Preemption.Defaulted));
        Assert.Equal(("inflight", "none"), (s.Deployments[0].Policies.Batching.Name, s.Deployments[0].Policies.Preemption.Name));
    }

    [Theory]
    [InlineData("vllm")]
    [InlineData("sglang")]
    public void Other_engines_keep_continuous_and_recompute(string stack)
    {
        var d = Load($"execution_model={{name: roofline, stack: {stack}}}").Deployments[0];
        Assert.Equal(("continuous", "recompute"), (d.Policies.Batching.Name, d.Policies.Preemption.Name));
    }

    [Fact]
    public void A_named_policy_is_kept_whatever_the_stack()
    {
        var s = Load("execution_model={name: roofline, stack: trtllm-fp8}", "policies.batching=continuous", "policies.preemption=recompute");
        var d = s.Deployments[0].Policies;
        Assert.Equal(("continuous", false, "recompute", false), (d.Batching.Name, d.Batching.Defaulted, d.Preemption.Name, d.Preemption.Defaulted));

        // A parameter alone names the policy it belongs to: not a default either.
        var steps = Load("execution_model={name: roofline, stack: trtllm-fp8}", "policies.batching.scheduler_steps=4").Deployments[0].Policies;
        Assert.Equal(("continuous", false, 4.0), (steps.Batching.Name, steps.Batching.Defaulted, steps.Batching.GetDouble("scheduler_steps")));
        Assert.Equal(("none", true), (steps.Preemption.Name, steps.Preemption.Defaulted));
    }

    [Fact]
    public void An_inherited_default_follows_the_deployments_own_stack()
    {
        // The scenario runs TensorRT-LLM; one deployment names vLLM for itself and gets vLLM's defaults, not the scenario's.
        var vllm = Load("execution_model={name: roofline, stack: trtllm-fp8}", "deployments.serve.execution_model={name: roofline, stack: vllm}");
        Assert.Equal(("inflight", "none"), (vllm.Policies.Batching.Name, vllm.Policies.Preemption.Name));
        var own = vllm.Deployments[0].Policies;
        Assert.Equal(("continuous", true, "recompute", true), (own.Batching.Name, own.Batching.Defaulted, own.Preemption.Name, own.Preemption.Defaulted));

        // And the other way round, with a policies block of the deployment's own that leaves both out.
        var trt = Load("deployments.serve.execution_model={name: roofline, stack: trtllm-fp8}", "deployments.serve.policies.routing=round_robin");
        Assert.Equal(("continuous", "recompute"), (trt.Policies.Batching.Name, trt.Policies.Preemption.Name));
        var mine = trt.Deployments[0].Policies;
        Assert.Equal(("inflight", true, "none", true, "round_robin"),
            (mine.Batching.Name, mine.Batching.Defaulted, mine.Preemption.Name, mine.Preemption.Defaulted, mine.Routing.Name));
    }

    [Fact]
    public void Max_batch_left_out_is_the_engines_own()
    {
        // vLLM V0's max_num_seqs, the schema's default, for every stack but TensorRT-LLM's.
        var vllm = Load().Deployments[0];
        Assert.Equal((256, true), (vllm.MaxBatch, vllm.MaxBatchDefaulted));

        // TensorRT-LLM's LLM API default max_batch_size.
        var trt = Load("execution_model={name: roofline, stack: trtllm-fp8}").Deployments[0];
        Assert.Equal((2048, true), (trt.MaxBatch, trt.MaxBatchDefaulted));

        // Under attention dp each of the tensor group's ranks takes it (the example DeepSeek-V3 file, its max_batch left out).
        var text = File.ReadAllText(Path.Combine(Fixtures.Scenarios, "deepseek-dp-attention.yaml"));
        Assert.Contains("\n    max_batch: 1024\n", text);
        var dp = ScenarioLoader.Parse(text.Replace("\n    max_batch: 1024\n", "\n"), "deepseek-dp-attention.yaml", Fixtures.Scenarios).Deployments[0];
        Assert.Equal((true, 8, 8 * 2048, true), (dp.AttentionDataParallel, dp.Tp, dp.MaxBatch, dp.MaxBatchDefaulted));

        // Given, it is kept.
        var given = Load("execution_model={name: roofline, stack: trtllm-fp8}", "deployments.serve.max_batch=300").Deployments[0];
        Assert.Equal((300, false), (given.MaxBatch, given.MaxBatchDefaulted));
    }

    [Fact]
    public void A_vllm_V1_deployment_takes_V1s_chunked_prefill_and_its_batch_limits_as_vllm_serve_sets_them()
    {
        // vllm/engine/arg_utils.py, the OPENAI_API_SERVER context: max_num_batched_tokens 8,192 and max_num_seqs 1,024
        // on a part with 70 GiB or more that is not an A100, 2,048 and 256 otherwise.
        var large = Load("execution_model={name: roofline, stack: vllm, engine_version: 0.10.2}").Deployments[0];
        Assert.Equal(("chunked_prefill", true, 8192.0), (large.Policies.Batching.Name, large.Policies.Batching.Defaulted, large.Policies.Batching.GetDouble("token_budget")));
        Assert.Equal((1024, true), (large.MaxBatch, large.MaxBatchDefaulted));
        Assert.Equal(("recompute", true), (large.Policies.Preemption.Name, large.Policies.Preemption.Defaulted));

        var small = Load("execution_model={name: roofline, stack: vllm, engine_version: v1}", "hardware.nodes.dgx.accelerator=gpu-24",
            "deployments.serve.tp=1").Deployments[0];
        Assert.Equal(("chunked_prefill", 2048.0, 256), (small.Policies.Batching.Name, small.Policies.Batching.GetDouble("token_budget"), small.MaxBatch));

        // No stack named: vllm, the LLM pools' default, whose version it is.
        Assert.Equal("chunked_prefill", Load("execution_model={name: roofline, engine_version: 0.8.0}").Deployments[0].Policies.Batching.Name);
    }

    [Fact]
    public void A_vllm_V0_version_or_none_keeps_V0s_defaults_and_named_settings_stand()
    {
        var v0 = Load("execution_model={name: roofline, stack: vllm, engine_version: 0.6.4}").Deployments[0];
        Assert.Equal(("continuous", 256), (v0.Policies.Batching.Name, v0.MaxBatch));

        var named = Load("execution_model={name: roofline, stack: vllm, engine_version: 0.10.2}", "policies.batching={name: chunked_prefill, token_budget: 512}",
            "deployments.serve.max_batch=64").Deployments[0];
        Assert.Equal((512.0, false, 64, false), (named.Policies.Batching.GetDouble("token_budget"), named.Policies.Batching.Defaulted, named.MaxBatch, named.MaxBatchDefaulted));

        // A version on another engine's stack changes none of its defaults.
        var sglang = Load("execution_model={name: roofline, stack: sglang, engine_version: 0.5.0}").Deployments[0];
        Assert.Equal(("continuous", 256), (sglang.Policies.Batching.Name, sglang.MaxBatch));
    }

    /// <summary>The base scenario on a catalog part and model (the shipped catalog), with the engine <paramref name="version"/>.</summary>
    private static DeploymentSpec OnCatalog(string accelerator, string model, string version, params string[] sets)
    {
        var text = MalformedCases.Base.Replace("accelerator: gpu-80", $"accelerator: {accelerator}", StringComparison.Ordinal)
            .Replace("small-llm", model, StringComparison.Ordinal);
        return ScenarioLoader.Parse(text, "test.yaml", MalformedCases.Folder,
            [$"execution_model={{name: roofline, stack: vllm, engine_version: {version}}}", .. sets]).Deployments[0];
    }

    [Theory]
    // part, model (its context), release, and what V0 did by itself: from 0.5.3 it chunked a context past 32K
    // (vllm/engine/arg_utils.py: max_model_len > 32768) at SchedulerConfig's 512 tokens a step; on ROCm only before 0.6.5
    // (pull request 11146); below 0.5.3, and for contexts of 32K or less, whole prompts.
    [InlineData("h100-sxm", "llama-3.1-70b", "0.6.2", "chunked_prefill")]    // 131,072 tokens
    [InlineData("h100-sxm", "llama-3.1-70b", "0.7.3", "chunked_prefill")]
    [InlineData("h100-sxm", "llama-3.1-70b", "0.5.3", "chunked_prefill")]
    [InlineData("h100-sxm", "llama-3.1-70b", "0.5.2", "continuous")]         // before pull request 6666
    [InlineData("mi300x", "llama-3.1-70b", "0.6.4", "chunked_prefill")]
    [InlineData("mi300x", "llama-3.1-70b", "0.6.5", "continuous")]           // ROCm from 0.6.5
    [InlineData("mi300x", "llama-3.1-70b", "0.7.3+rocm", "continuous")]
    [InlineData("h100-sxm", "llama-2-70b", "0.6.4", "continuous")]          // 4,096 tokens
    [InlineData("h100-sxm", "mixtral-8x7b", "0.6.4", "continuous")]         // 32,768: not past 32K
    [InlineData("h100-sxm", "llama-3.1-70b", "v0", "continuous")]           // a generation names no release
    public void A_vllm_V0_release_chunks_a_long_context_by_itself_as_its_engine_did(string accelerator, string model, string version, string expected)
    {
        var d = OnCatalog(accelerator, model, version);
        Assert.Equal((expected, true), (d.Policies.Batching.Name, d.Policies.Batching.Defaulted));
        if (expected == "chunked_prefill")
        {
            Assert.Equal(512.0, d.Policies.Batching.GetDouble("token_budget"));
        }

        // The engine's max_num_seqs stays V0's; a batching the scenario names stands.
        Assert.Equal(256, d.MaxBatch);
        var named = OnCatalog(accelerator, model, version, "policies.batching=continuous").Policies.Batching;
        Assert.Equal(("continuous", false), (named.Name, named.Defaulted));
    }

    [Fact]
    public void A_V1_release_keeps_V1s_budget_whatever_the_context()
        => Assert.Equal(8192.0, OnCatalog("h100-sxm", "llama-3.1-70b", "0.10.2").Policies.Batching.GetDouble("token_budget"));

    [Fact]
    public void A_vllm_A100_takes_the_smaller_defaults_whatever_its_memory()
    {
        // vLLM pull request 17885: larger token budgets slowed the A100, so its name is excluded from the larger defaults.
        var text = MalformedCases.Base.Replace("accelerator: gpu-80", "accelerator: a100-80gb-sxm", StringComparison.Ordinal)
            .Replace("small-llm", "llama-2-7b", StringComparison.Ordinal);
        var a100 = ScenarioLoader.Parse(text, "test.yaml", MalformedCases.Folder, ["execution_model={name: roofline, stack: vllm, engine_version: 0.10.2}"]).Deployments[0];
        Assert.Equal((2048.0, 256), (a100.Policies.Batching.GetDouble("token_budget"), a100.MaxBatch));
    }
}
