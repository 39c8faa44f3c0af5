using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// The serving engines' own small-message all-reduce (vLLM's custom all-reduce) as a cost: the catalog's H100 timings
/// (SGLang pull request 2904) read back at their sizes, interpolated log-log between them, held below, handed back to
/// the ring past the largest; and which deployments take them, each run saying which all-reduce it priced.
/// </summary>
public sealed class EngineAllReduceTests
{
    private static EngineAllReduceCurve H100(int gpus)
    {
        var m = Catalog.Default.FindAccelerator("h100-sxm")!.EngineAllReduce!;
        var c = m.Curves.Single(c => c.Gpus == gpus);
        return new EngineAllReduceCurve(c.Gpus, c.Bytes, c.Seconds, m.Source);
    }

    [Fact]
    public void At_a_timed_size_the_time_is_the_timing_and_between_sizes_it_is_interpolated_log_log()
    {
        // PR 2904, vLLM column: 4 GPUs, 262,144 float32 elements (1 MiB), 0.0206 ms; 131,072 bytes 9.2 us.
        Assert.Equal(20.6e-6, H100(4).Seconds(1_048_576), 15);
        Assert.Equal(9.2e-6, H100(4).Seconds(131_072), 15);

        // Halfway in log size between 128 KiB and 1 MiB: the geometric mean of 9.2 and 20.6 us, 13.77 us.
        Assert.Equal(Math.Sqrt(9.2 * 20.6) * 1e-6, H100(4).Seconds(Math.Sqrt(131_072.0 * 1_048_576)), 12);

        // Below 2 KiB it stays 2 KiB's (its latency); 4 MiB is the largest it covers.
        Assert.Equal(9.1e-6, H100(4).Seconds(64), 15);
        Assert.True(H100(4).Covers(4_194_304));
        Assert.False(H100(4).Covers(4_194_305));
        Assert.Throws<ArgumentOutOfRangeException>(() => H100(4).Seconds(8_388_608));
    }

    [Fact]
    public void The_collective_cost_takes_the_engine_curve_for_its_group_and_sizes_only_and_the_ring_otherwise()
    {
        var nvlink4 = new ClusterSim.Model.Hardware.LinkSpec("nvlink4", 900);
        var cost = new RingCollectiveCost(nvlink4, null, linkEfficiency: 0.7, stepLatencySeconds: 6e-6, engine: H100(4));

        // A decode step of 24 sequences of an 8,192-wide model: 393,216 bytes, within the timings.
        Assert.Equal(H100(4).Seconds(393_216), cost.AllReduceSeconds(393_216, 4, spansNodes: false), 15);

        // Past 4 MiB, or over 2 ranks, or across nodes: the ring, 2(p - 1) steps of 6 us plus 2(p - 1)/p of the bytes.
        Assert.Equal(6 * 6e-6 + 1.5 * 8_388_608 / (450e9 * 0.7), cost.AllReduceSeconds(8_388_608, 4, spansNodes: false), 15);
        Assert.Equal(2 * 6e-6 + 393_216 / (450e9 * 0.7), cost.AllReduceSeconds(393_216, 2, spansNodes: false), 15);

        // The ring prices the decode-size message 2.7 times the engine's own (37.9 us against 14.1): what the curve changes.
        Assert.InRange((6 * 6e-6 + 1.5 * 393_216 / (450e9 * 0.7)) / H100(4).Seconds(393_216), 2.5, 3.5);
    }

    private const string Scenario = """
        name: engine-all-reduce-test
        workloads:
          chat: {kind: text, model: llama-3.1-70b, arrival: {kind: poisson, rate: 2}, prompt_tokens: 500, output_tokens: 100}
        hardware:
          nodes:
            box: {count: 1, accelerator: h100-sxm, per_node: 8}
        deployments:
          llm: {model: llama-3.1-70b, nodes: box, tp: 4, replicas: 1}
        execution_model: {name: roofline, stack: vllm, engine_version: "0.15.1"}
        run: {requests: 10}
        """;

    private static (EngineAllReduceCurve? Curve, IReadOnlyList<string> Notes) Compile(params string[] sets)
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Parse(Scenario, "engine-all-reduce.yaml", sets: sets));
        var model = (RooflineExecutionModel)((ExecutionModelTimer)Assert.Single(compiled.Setup.Pools).Timer).Model;
        return (model.Efficiency.EngineAllReduce, compiled.Notes);
    }

    [Fact]
    public void A_vllm_or_sglang_tensor_group_in_a_timed_node_takes_the_engine_curve_and_says_so()
    {
        var (curve, notes) = Compile();
        Assert.Equal(4, curve!.Gpus);
        Assert.Contains(notes, n => n.Contains("all-reduces over its 4 h100-sxm up to 4 MiB at the engine's own kernel's times (engine_all_reduce: 9.1 us at 2 KiB to 40.2 us at 4 MiB; vLLM's custom all-reduce timed on H100", StringComparison.Ordinal));

        Assert.Equal(8, Compile("deployments.llm.tp=8", "execution_model={name: roofline, stack: sglang, engine_version: 0.4.0}").Curve!.Gpus);
    }

    [Fact]
    public void Other_engines_untimed_parts_and_groups_across_nodes_keep_the_ring_and_the_untimed_ones_say_so()
    {
        // TensorRT-LLM runs its own all-reduce, not timed here: priced as before, nothing claimed.
        var (trt, trtNotes) = Compile("execution_model={name: roofline, stack: trtllm-fp8}");
        Assert.Null(trt);
        Assert.DoesNotContain(trtNotes, n => n.Contains("engine_all_reduce", StringComparison.Ordinal));

        var (a100, a100Notes) = Compile("hardware.nodes.box.accelerator=a100-80gb-sxm");
        Assert.Null(a100);
        Assert.Contains(a100Notes, n => n.Contains("the engine's own all-reduce for small messages (vLLM's custom all-reduce) was not timed on a100-80gb-sxm: its all-reduces are priced as NCCL's", StringComparison.Ordinal));

        var (spanning, spanningNotes) = Compile("hardware.nodes.box.per_node=2", "hardware.nodes.box.count=2",
            "hardware.nodes.box.network={kind: infiniband, bidir_gbs: 800, latency: 5us}");
        Assert.Null(spanning);
        Assert.Contains(spanningNotes, n => n.Contains("its tensor group of 4 spans nodes, so its all-reduces are NCCL's across them", StringComparison.Ordinal));
    }
}
