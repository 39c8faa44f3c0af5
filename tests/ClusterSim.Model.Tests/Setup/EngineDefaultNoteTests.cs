using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Batching;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>A batching or preemption the scenario did not name is a default the run states, with the engine it comes from.</summary>
public sealed class EngineDefaultNoteTests
{
    private static readonly string File = RepoPaths.File("scenarios", "calibration", "mlperf-llama2-70b-server.yaml");

    /// <summary>NVIDIA's v4.1 H100 server file, with its batching and preemption lines left out unless <paramref name="named"/>.</summary>
    private static CompiledScenario Compile(bool named, params string[] sets)
    {
        var text = System.IO.File.ReadAllText(File);
        const string Batching = "\n  batching: inflight\n", Preemption = "\n  preemption: recompute\n";
        Assert.Contains(Batching, text);
        Assert.Contains(Preemption, text);
        return ScenarioCompiler.Compile(ScenarioLoader.Parse(named ? text : text.Replace(Batching, "\n").Replace(Preemption, "\n"),
            Path.GetFileName(File), Path.GetDirectoryName(File), sets));
    }

    [Fact]
    public void A_TensorRT_LLM_deployment_without_batching_or_preemption_takes_its_engines_and_says_why()
    {
        // The calibration file names inflight; left out, the stack's engine gives the same.
        var compiled = Compile(named: false);
        Assert.Contains("deployment 'llama2-70b': no batching policy named: inflight, TensorRT-LLM's own default for stack trtllm-fp8: " +
                        "in-flight batching with chunked context off; name policies.batching to choose another", compiled.Notes);
        Assert.Contains("deployment 'llama2-70b': no preemption policy named: none, TensorRT-LLM's own default for stack trtllm-fp8: " +
                        "the guaranteed-no-evict scheduler admits a request only with room for its whole output and never preempts; " +
                        "name policies.preemption to choose another", compiled.Notes);
        // The file gives NVIDIA's max_batch (1,024), so no engine default stands in for it.
        Assert.DoesNotContain(compiled.Notes, n => n.Contains("no max_batch given", StringComparison.Ordinal));
        var pool = Assert.Single(compiled.Setup.Pools);
        Assert.IsType<InflightBatchPolicy>(pool.Policy());
        Assert.Equal(PreemptionMode.None, pool.Config.Preemption);

        // NVIDIA's file names its engine's settings (MAX_UTILIZATION: it preempts): nothing is said, nothing changes.
        var named = Compile(named: true);
        Assert.DoesNotContain(named.Notes, n => n.Contains("policy named:", StringComparison.Ordinal));
        Assert.Equal(PreemptionMode.Recompute, Assert.Single(named.Setup.Pools).Config.Preemption);
    }

    [Fact]
    public void The_default_stack_says_it_took_vLLM_V0s_batching_and_preemption()
    {
        var compiled = Compile(false, "execution_model=roofline");
        Assert.Contains(compiled.Notes, n => n.StartsWith("deployment 'llama2-70b': no preemption policy named: recompute, vLLM's default", StringComparison.Ordinal)
                                             && n.Contains("{name: recompute, watermark: 0.01}", StringComparison.Ordinal));
        Assert.Contains(compiled.Notes, n => n.StartsWith("deployment 'llama2-70b': no batching policy named: continuous, vLLM's V0 engine's default", StringComparison.Ordinal)
                                             && n.Contains("name chunked_prefill", StringComparison.Ordinal));
        Assert.IsType<ContinuousBatchPolicy>(Assert.Single(compiled.Setup.Pools).Policy());
    }

    [Fact]
    public void A_max_batch_left_out_is_the_engines_and_said()
    {
        var text = System.IO.File.ReadAllText(File);
        Assert.Contains("\n    max_batch: 1024 ", text);
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Parse(text.Replace("\n    max_batch: 1024 ", "\n    # "), Path.GetFileName(File), Path.GetDirectoryName(File)));
        Assert.Contains("deployment 'llama2-70b': no max_batch given: 2048 sequences a step, TensorRT-LLM's default max_batch_size, for stack trtllm-fp8", compiled.Notes);
        Assert.Equal(2048, Assert.Single(compiled.Setup.Pools).Config.MaxSequences);
    }

    [Fact]
    public void A_vllm_V1_deployment_says_it_took_V1s_chunked_prefill_and_batch_limits()
    {
        // The H100 file run as vLLM 0.10.2 with its batching, preemption and max_batch left out: vllm serve's own on an
        // 80 GB part (vllm/engine/arg_utils.py), said with the version that chose them.
        var text = System.IO.File.ReadAllText(File).Replace("\n    max_batch: 1024 ", "\n    # ", StringComparison.Ordinal)
            .Replace("\n  batching: inflight\n", "\n", StringComparison.Ordinal).Replace("\n  preemption: recompute\n", "\n", StringComparison.Ordinal);
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Parse(text, Path.GetFileName(File), Path.GetDirectoryName(File),
            ["execution_model={name: roofline, stack: vllm, engine_version: 0.10.2}"]));
        Assert.Contains(compiled.Notes, n => n.StartsWith("deployment 'llama2-70b': no batching policy named: chunked_prefill with 8192 tokens a step, vLLM V1's own (engine_version 0.10.2)", StringComparison.Ordinal));
        Assert.Contains(compiled.Notes, n => n.StartsWith("deployment 'llama2-70b': no max_batch given: 1024 sequences a step, vLLM V1's default max_num_seqs", StringComparison.Ordinal));
        Assert.Contains(compiled.Notes, n => n.StartsWith("deployment 'llama2-70b': no preemption policy named: recompute, vLLM V1's own (engine_version 0.10.2)", StringComparison.Ordinal)
                                             && !n.Contains("V0's block manager also keeps", StringComparison.Ordinal));
        var pool = Assert.Single(compiled.Setup.Pools);
        Assert.IsType<ChunkedPrefillBatchPolicy>(pool.Policy());
        Assert.Equal(1024, pool.Config.MaxSequences);
    }
}
