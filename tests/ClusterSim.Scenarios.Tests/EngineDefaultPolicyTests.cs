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
}
