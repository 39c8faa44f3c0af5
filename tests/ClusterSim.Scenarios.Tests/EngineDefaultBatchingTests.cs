namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// A scenario that names no batching gets its engine's own, read from the execution model's stack: TensorRT-LLM batches in
/// flight with chunked context off, vLLM V0 and SGLang prefill each prompt in an iteration of its own (continuous).
/// </summary>
public sealed class EngineDefaultBatchingTests
{
    private static Scenario Load(params string[] sets)
        => ScenarioLoader.Parse(MalformedCases.Base, "test.yaml", MalformedCases.Folder, sets, Fixtures.Catalog);

    [Fact]
    public void Without_a_stack_the_default_is_continuous_and_marked_as_a_default()
    {
        var s = Load();
        Assert.Equal(("continuous", true), (s.Policies.Batching.Name, s.Policies.Batching.Defaulted));
        Assert.Equal(("least_outstanding", true), (s.Policies.Routing.Name, s.Policies.Routing.Defaulted));
        Assert.Equal(1, s.Deployments[0].Policies.Batching.GetDouble("scheduler_steps"));
    }

    [Theory]
    [InlineData("trtllm-fp8")]
    [InlineData("trtllm-bf16")]
    [InlineData("trtllm-pytorch-fp8")]
    public void A_TensorRT_LLM_stack_batches_in_flight_when_the_scenario_names_no_batching(string stack)
    {
        var s = Load($"execution_model={{name: roofline, stack: {stack}}}");
        Assert.Equal(("inflight", true), (s.Policies.Batching.Name, s.Policies.Batching.Defaulted));
        Assert.Equal("inflight", s.Deployments[0].Policies.Batching.Name);
    }

    [Theory]
    [InlineData("vllm")]
    [InlineData("sglang")]
    public void Other_engines_keep_continuous(string stack)
        => Assert.Equal("continuous", Load($"execution_model={{name: roofline, stack: {stack}}}").Deployments[0].Policies.Batching.Name);

    [Fact]
    public void A_named_batching_is_kept_whatever_the_stack()
    {
        var s = Load("execution_model={name: roofline, stack: trtllm-fp8}", "policies.batching=continuous");
        Assert.Equal(("continuous", false), (s.Deployments[0].Policies.Batching.Name, s.Deployments[0].Policies.Batching.Defaulted));

        // A parameter alone names the policy it belongs to: not a default either.
        var steps = Load("execution_model={name: roofline, stack: trtllm-fp8}", "policies.batching.scheduler_steps=4").Deployments[0].Policies.Batching;
        Assert.Equal(("continuous", false, 4.0), (steps.Name, steps.Defaulted, steps.GetDouble("scheduler_steps")));
    }

    [Fact]
    public void An_inherited_default_follows_the_deployments_own_stack()
    {
        // The scenario runs TensorRT-LLM; one deployment names vLLM for itself and gets vLLM's default, not the scenario's.
        var vllm = Load("execution_model={name: roofline, stack: trtllm-fp8}", "deployments.serve.execution_model={name: roofline, stack: vllm}");
        Assert.Equal("inflight", vllm.Policies.Batching.Name);
        Assert.Equal(("continuous", true), (vllm.Deployments[0].Policies.Batching.Name, vllm.Deployments[0].Policies.Batching.Defaulted));

        // And the other way round, with a policies block of the deployment's own that leaves batching out.
        var trt = Load("deployments.serve.execution_model={name: roofline, stack: trtllm-fp8}", "deployments.serve.policies.routing=round_robin");
        Assert.Equal("continuous", trt.Policies.Batching.Name);
        Assert.Equal(("inflight", true, "round_robin"),
            (trt.Deployments[0].Policies.Batching.Name, trt.Deployments[0].Policies.Batching.Defaulted, trt.Deployments[0].Policies.Routing.Name));
    }
}
