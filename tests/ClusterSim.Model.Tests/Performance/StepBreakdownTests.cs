using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// Where a step's time goes (<see cref="IStepBreakdown"/>): its parts are a decomposition, so they must add up to the
/// step the predictor times (conservation, on every shipped kind of deployment), each part is what the roofline charges
/// worked out by hand, and no step is shorter than the physical bound the breakdown reports.
/// </summary>
public sealed class StepBreakdownTests
{
    // H100 SXM: 3.35 TB/s (shared/data/hardware.md). Llama 3.1 8B: 32 layers, untied 128,256 x 4,096 tables.
    private const double H100Bandwidth = 3.35e12;
    private const double Llama8BTable = 128256.0 * 4096;
    private const double Llama8BKvBytesPerTokenBf16 = 32 * 2 * 8 * 128 * 2;

    private static readonly EfficiencyParams Efficiency = new()
    {
        Accelerator = "h100-sxm",
        Stack = "test",
        ComputeEfficiency = 0.5,
        MemoryEfficiency = 0.8,
        GemmLaunchSeconds = 4.5e-6,
        IterationOverheadSeconds = 3e-3,
    };

    private static IStepBreakdown Roofline(Deployment deployment, EfficiencyParams? efficiency = null)
        => (IStepBreakdown)ExecutionModels.Create("roofline", new ExecutionModelContext { Deployment = deployment, Efficiency = efficiency ?? Efficiency });

    private static Deployment Llama8B(int pp = 1, int microBatches = 1) => new()
    {
        Model = ReferenceModels.Llama31_8B,
        Accelerator = ReferenceAccelerators.H100Sxm,
        PipelineParallel = pp,
        PipelineMicroBatches = microBatches,
    };

    [Fact]
    public void Decode_step_at_batch_1_breaks_down_into_the_parts_worked_out_by_hand()
    {
        var b = Roofline(Llama8B()).Breakdown(IterationShape.Decode(1, 1024));

        // Every weight but the input table (one row a token, counted as element-wise traffic) streamed once, in BF16.
        var streamed = ReferenceModels.Llama31_8B.TotalParameters - Llama8BTable;
        Assert.Equal(streamed * 2 / (H100Bandwidth * 0.8), b.WeightStreamSeconds, 1e-12);
        // 32 layers x 4 GEMMs (q/k/v, o, gate/up, down) + lm_head = 129 launches of 4.5 us.
        Assert.Equal(129 * 4.5e-6, b.GemmLaunchSeconds, 1e-12);
        // Decode attention reads the KV cache of 1,024 tokens and writes one.
        Assert.False(b.AttentionComputeBound);
        Assert.Equal(1025 * Llama8BKvBytesPerTokenBf16 / (H100Bandwidth * 0.8), b.AttentionSeconds, 1e-12);
        // The host's 3 ms, in series: nothing overlaps it.
        Assert.Equal(3e-3, b.HostSeconds, 1e-12);
        // One accelerator, one stage, no experts: none of those parts.
        Assert.Equal(0, b.CollectiveSeconds);
        Assert.Equal(0, b.ExpertGemmSeconds);
        Assert.Equal(0, b.PipelineBubbleSeconds);
        Assert.Equal(0, b.PipelineTransferSeconds);
        // The bound: the bytes above at the full 3.35 TB/s (decode at batch 1 is memory-bound).
        Assert.InRange(b.BoundSeconds, (streamed * 2 + 1025 * Llama8BKvBytesPerTokenBf16) / H100Bandwidth, b.Seconds);
    }

    [Fact]
    public void Overlapped_host_time_counts_only_what_outlasts_the_device()
    {
        var overlapped = Efficiency with { HostOverlap = 1, IterationOverheadSeconds = 20e-3 };
        var shape = IterationShape.Decode(8, 1024);
        var b = Roofline(Llama8B(), overlapped).Breakdown(shape);
        var device = b.Seconds - b.HostSeconds;

        // The host's 20 ms run beside the device's ~6 ms: the step is the host's, and the host part is its excess.
        Assert.True(device < 20e-3);
        Assert.Equal(20e-3, b.Seconds, 1e-12);
        Assert.Equal(20e-3 - device, b.HostSeconds, 1e-12);

        // A device longer than the host hides it whole.
        var hidden = Roofline(Llama8B(), overlapped with { IterationOverheadSeconds = 1e-3 }).Breakdown(shape);
        Assert.Equal(0, hidden.HostSeconds);
    }

    [Fact]
    public void A_pipeline_with_one_micro_batch_over_two_stages_idles_one_stage_time()
    {
        var b = Roofline(Llama8B(pp: 2)).Breakdown(IterationShape.Decode(64, 1024));
        var stage = b.DenseGemmSeconds + b.ExpertGemmSeconds + b.WeightStreamSeconds + b.GemmLaunchSeconds + b.AttentionSeconds
                    + b.ElementwiseSeconds + b.CollectiveSeconds;

        // max(m, p) = 2 stage times, one of them with no micro-batch in it; and the one send between the stages.
        Assert.Equal(stage, b.PipelineBubbleSeconds, 1e-12);
        Assert.True(b.PipelineTransferSeconds > 0);

        // Two micro-batches fill both slots.
        Assert.Equal(0, Roofline(Llama8B(pp: 2, microBatches: 2)).Breakdown(IterationShape.Decode(64, 1024)).PipelineBubbleSeconds);
    }

    [Theory]
    [InlineData("calibration", "mlperf-llama2-70b-server.yaml")]                 // dense, TP2, host in series
    [InlineData("validation", "mlperf41-h100-mixtral-8x7b-server.yaml")]        // routed experts on one GPU
    [InlineData("validation", "trtllm-pytorch-qwen3-235b-8xh200.yaml")]          // attention dp: expert all-to-alls
    [InlineData("validation", "trtllm-pytorch-llama4-scout-4xh100.yaml")]        // a shared expert, top 1
    [InlineData("validation", "mlperf50-h100-llama2-70b-server.yaml")]          // pipeline parallelism, micro-batches
    [InlineData("validation", "mlperf50-h200-mixtral-8x7b-offline.yaml")]       // a mixed checkpoint's BF16 share
    [InlineData("validation", "trtllm-pytorch-llama31-8b-h100.yaml")]            // host time overlapped
    [InlineData("validation", "mlperf41-mi300x-llama2-70b-server.yaml")]        // a cost per sequence
    [InlineData("calibration", "sglang-llama31-8b-a100.yaml")]
    public void Parts_add_up_to_the_step_the_predictor_times_and_never_beat_the_bound(string folder, string file)
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", folder, file)));
        var model = ((ExecutionModelTimer)compiled.Setup.Pools[0].Timer).Model;
        var breakdown = Assert.IsAssignableFrom<IStepBreakdown>(model);
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var shape = IterationShape.Decode(random.Next(0, 4096), random.Next(1, 32768));
            if (random.Next(2) == 0)
            {
                shape += IterationShape.Prefill(random.Next(1, 8), random.Next(1, 16384), random.Next(0, 4096));
            }

            if (shape.IsEmpty)
            {
                continue;
            }

            var step = model.Predict(shape).Seconds;
            var b = breakdown.Breakdown(shape);
            Assert.Equal(step, b.Seconds, step * 1e-9);
            Assert.All(b.Parts, p => Assert.True(p.Seconds >= 0, $"{p.Name} {p.Seconds}"));
            Assert.InRange(b.BoundSeconds, step * 1e-3, step);
        }
    }
}
