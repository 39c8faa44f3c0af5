using ClusterSim.Model.Serving.Batching;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>A batching the scenario did not name is a default the run states, with the engine it comes from.</summary>
public sealed class DefaultBatchingNoteTests
{
    private static readonly string File = RepoPaths.File("scenarios", "calibration", "mlperf-llama2-70b-server.yaml");

    /// <summary>NVIDIA's v4.1 H100 server file, with its batching line left out unless <paramref name="named"/>.</summary>
    private static CompiledScenario Compile(bool named, params string[] sets)
    {
        var text = System.IO.File.ReadAllText(File);
        Assert.Contains("\n  batching: inflight\n", text);
        return ScenarioCompiler.Compile(ScenarioLoader.Parse(named ? text : text.Replace("\n  batching: inflight\n", "\n"),
            Path.GetFileName(File), Path.GetDirectoryName(File), sets));
    }

    [Fact]
    public void A_TensorRT_LLM_deployment_without_batching_runs_in_flight_and_says_why()
    {
        // The calibration file names inflight; left out, the stack's engine gives the same.
        var compiled = Compile(named: false);
        Assert.Contains("deployment 'llama2-70b': no batching policy named: inflight, TensorRT-LLM's own default for stack trtllm-fp8: " +
                        "in-flight batching with chunked context off; name policies.batching to choose another", compiled.Notes);
        Assert.IsType<InflightBatchPolicy>(Assert.Single(compiled.Setup.Pools).Policy());

        Assert.DoesNotContain(Compile(named: true).Notes, n => n.Contains("no batching policy named", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_stack_says_it_took_vLLM_V0s_batching()
    {
        var compiled = Compile(false, "execution_model=roofline");
        Assert.Contains(compiled.Notes, n => n.StartsWith("deployment 'llama2-70b': no batching policy named: continuous, vLLM's V0 engine's default", StringComparison.Ordinal)
                                             && n.Contains("name chunked_prefill", StringComparison.Ordinal));
        Assert.IsType<ContinuousBatchPolicy>(Assert.Single(compiled.Setup.Pools).Policy());
    }
}
