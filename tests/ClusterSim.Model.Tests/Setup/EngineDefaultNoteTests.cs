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

    /// <summary>Oracle's MI300X file (vLLM 0.6.2, Llama 3.1 405B: 131,072 tokens of context), its batching line left out.</summary>
    private static CompiledScenario OracleWithoutBatching(params string[] sets)
    {
        var file = RepoPaths.File("scenarios", "validation", "oracle-vllm-llama31-405b-8xmi300x.yaml");
        var text = System.IO.File.ReadAllText(file);
        const string Batching = "\n  batching: {name: chunked_prefill, token_budget: 512}   # V0's default for a context past 32K (above)\n";
        Assert.Contains(Batching, text);
        return ScenarioCompiler.Compile(ScenarioLoader.Parse(text.Replace(Batching, "\n"), Path.GetFileName(file), Path.GetDirectoryName(file), sets));
    }

    [Fact]
    public void A_vLLM_V0_deployment_of_a_long_context_model_says_V0_chunked_it_by_itself_and_where_it_did_not()
    {
        // vLLM 0.6.2 on ROCm: V0 chunked a context past 32K at 512 tokens a step, as the file names it.
        var chunked = OracleWithoutBatching();
        Assert.Contains(chunked.Notes, n => n.StartsWith("deployment 'engine': no batching policy named: chunked_prefill with 512 tokens a step, " +
                                                         "vLLM V0's own for a context past 32K (engine_version 0.6.2, 'm' takes 131,072 tokens)", StringComparison.Ordinal)
                                            && n.Contains("name continuous", StringComparison.Ordinal));
        Assert.IsType<ChunkedPrefillBatchPolicy>(Assert.Single(chunked.Setup.Pools).Policy());

        // From 0.6.5 not on ROCm (vLLM pull request 11146): whole prompts, and the note says why.
        var whole = OracleWithoutBatching("execution_model.engine_version=0.6.5");
        Assert.Contains(whole.Notes, n => n.StartsWith("deployment 'engine': no batching policy named: continuous, vLLM's V0 engine's default", StringComparison.Ordinal)
                                          && n.Contains("not on ROCm from 0.6.5: vLLM pull request 11146", StringComparison.Ordinal));
        Assert.IsType<ContinuousBatchPolicy>(Assert.Single(whole.Setup.Pools).Policy());
    }
}
