using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>The roofline predictor against figures worked out by hand from the specs and the model's config.</summary>
public sealed class RooflineHandCalculationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    // H100 SXM: 989.4 TFLOP/s bf16 dense, 1,978.9 fp8, 3.35 TB/s, NVLink4 900 GB/s (shared/data/hardware.md).
    private const double H100Bf16 = 989.4e12;
    private const double H100Fp8 = 1978.9e12;
    private const double H100Bandwidth = 3.35e12;

    // Llama-3.1-8B config.json: 8.03e9 parameters, 32 layers, 32 heads, 8 KV heads, head_dim 128.
    private const double Llama8BParams = 8.03e9;
    private const double Llama8BKvBytesPerTokenBf16 = 32 * 2 * 8 * 128 * 2; // layers x (K,V) x kv heads x head_dim x 2 bytes

    // One vocab x hidden table (128,256 x 4,096), twice in the count (untied input embedding and lm_head). The embedding
    // is a lookup: no FLOPs, one row read per token; lm_head is a GEMM once per sampled sequence, its weights read whole.
    private const double Llama8BTable = 128256.0 * 4096;
    private const double Llama8BLayerParams = Llama8BParams - 2 * Llama8BTable;
    private const double Llama8BStreamed = Llama8BParams - Llama8BTable;

    // Llama-2-70B: 32,000 x 8,192 per table.
    private const double Llama2Table = 32000.0 * 8192;

    // GEMM rates by inner dimension K, by hand: K / (K + K0) over the 16,384 square benchmark's, K0 = 75 at 16 bits and
    // 315 at 8 (fitted to the H200 kernel probe: GemmShapeEfficiency); a layer's GEMMs combine as total work over the
    // sum of each one's work at its own rate.
    private static double Rate(double k, double k0) => k / (k + k0) / (16384 / (16384 + k0));

    private static double Combined(double k0, params (double K, double Work)[] gemms)
        => gemms.Sum(g => g.Work) / gemms.Sum(g => g.Work / Rate(g.K, k0));

    // Llama 3.1 8B at TP1: q/k/v (K 4,096, 4,096 x 6,144), o (4,096 x 4,096), gate/up (4,096 x 2 x 14,336), down (K 14,336).
    private static double Llama8BRate(double k0)
        => Combined(k0, (4096, 4096.0 * 6144), (4096, 4096.0 * 4096), (4096, 2 * 4096.0 * 14336), (14336, 14336.0 * 4096));

    private static readonly EfficiencyParams Efficiency = new()
    {
        Accelerator = "h100-sxm",
        Stack = "test",
        ComputeEfficiency = 0.5,
        MemoryEfficiency = 0.8,
    };

    private static IExecutionModel Roofline(Deployment deployment, EfficiencyParams? efficiency = null)
        => ExecutionModels.Create("roofline", new ExecutionModelContext { Deployment = deployment, Efficiency = efficiency ?? Efficiency });

    private static Deployment Llama8BOnH100(Precision weights = Precision.Bf16) => new()
    {
        Model = ReferenceModels.Llama31_8B,
        Accelerator = ReferenceAccelerators.H100Sxm,
        WeightPrecision = weights,
    };

    [Fact]
    public void Decode_step_at_batch_1_is_the_weight_stream_plus_its_small_gemm_and_kv_read()
    {
        var cost = Roofline(Llama8BOnH100()).Predict(IterationShape.Decode(1, 1024));

        // By hand, kernel by kernel: (8.03e9 - the 0.525e9 embedding table, of which one row is read) x 2 bytes =
        // 15.01 GB of weights streamed; one token's GEMM FLOPs (2 x the layers' parameters + 2 x lm_head's for its one
        // sampled position) at half the bf16 peak; the KV cache of 1,024 tokens read and one written (memory-bound
        // attention). Element-wise traffic adds well under 0.5 %.
        var weights = Llama8BStreamed * 2 / (H100Bandwidth * 0.8);
        var gemm = (2 * Llama8BLayerParams + 2 * Llama8BTable) / (H100Bf16 * 0.5);
        var kv = (1024 + 1) * Llama8BKvBytesPerTokenBf16 / (H100Bandwidth * 0.8);
        var byHand = weights + gemm + kv;

        Assert.False(cost.IsComputeBound);
        Assert.InRange(cost.Seconds / byHand, 1.0, 1.005);
        Assert.InRange(cost.Seconds, 0.98 * 15.01e9 / 3.35e12 / 0.8, 1.03 * 15.01e9 / 3.35e12 / 0.8); // "about 15 GB / 3.35 TB/s / eff_m"
    }

    [Fact]
    public void Long_prefill_is_its_dense_and_attention_flops_over_peak_plus_one_weight_stream()
    {
        var cost = Roofline(Llama8BOnH100()).Predict(IterationShape.Prefill(1, 8192));

        // Dense: 2 x the layers' 6.98e9 parameters x 8,192, plus lm_head once (the last position is sampled; the
        // embedding lookup has no FLOPs); causal attention: 4 x 32 layers x 32 heads x 128 x (8,192 x 8,193 / 2) pairs;
        // both at half the peak. The 15 GB weight stream adds on top; attention is compute-bound (its 1 GB of KV
        // written is shorter than its FLOPs), element-wise traffic (~7.9 MB a token) is read at the bandwidth.
        var dense = 2 * Llama8BLayerParams * 8192 + 2 * Llama8BTable;
        var attention = 4.0 * 32 * 32 * 128 * (8192.0 * 8193 / 2);
        Assert.True(cost.IsComputeBound);
        Assert.Equal(dense + attention, cost.FlopsPerDevice, (dense + attention) * 1e-12);

        var streamed = cost.MemorySeconds - 8192 * Llama8BKvBytesPerTokenBf16 / (H100Bandwidth * 0.8);
        var byHand = 2 * Llama8BLayerParams * 8192 / (H100Bf16 * 0.5 * Llama8BRate(75)) + 2 * Llama8BTable / (H100Bf16 * 0.5 * Rate(4096, 75))
                     + attention / (H100Bf16 * 0.5) + streamed;
        Assert.Equal(byHand, cost.Seconds, byHand * 1e-9);
        Assert.True(cost.MemorySeconds < cost.ComputeSeconds / 5);
    }

    [Fact]
    public void Fp8_weights_halve_the_layers_weight_bytes_and_leave_the_vocab_tables_bf16()
    {
        var shape = IterationShape.Decode(1, 1024);
        var bf16 = Roofline(Llama8BOnH100(Precision.Bf16)).Predict(shape);
        var fp8Model = Roofline(Llama8BOnH100(Precision.Fp8));
        var fp8 = fp8Model.Predict(shape);

        // Only the layers' 6.98e9 parameters change size (2 -> 1 byte): FP8 checkpoints keep lm_head (read whole) and the
        // embedding (one row looked up) in BF16, so the 8B's stream shrinks to 0.535 of BF16's, not half.
        Assert.Equal(Llama8BLayerParams, bf16.BytesPerDevice - fp8.BytesPerDevice, 1.0);
        Assert.InRange(fp8.BytesPerDevice / bf16.BytesPerDevice, 0.53, 0.54);
        Assert.InRange(fp8.Seconds / bf16.Seconds, 0.53, 0.55);
        Assert.Contains(fp8Model.Notes, n => n.Contains("the embedding and output tables stay 16-bit beside fp8 layers", StringComparison.Ordinal));
    }

    [Fact]
    public void Fp8_prefill_runs_its_gemms_at_the_fp8_peak_and_its_attention_at_the_bf16_peak()
    {
        var shape = IterationShape.Prefill(1, 8192);
        var bf16 = Roofline(Llama8BOnH100(Precision.Bf16)).Predict(shape);
        var fp8 = Roofline(Llama8BOnH100(Precision.Fp8));
        var fp8Cost = fp8.Predict(shape);

        // Every GEMM at the FP8 peak (FP8 GEMMs lose more to the short K of 4,096: K0 315, not 75); attention multiplies
        // BF16 activations, so its FLOPs stay at the BF16 peak, and the run says so.
        // The output projection stays BF16 in an FP8 checkpoint: its one sampled row at the BF16 peak and K0.
        double Gemms(double peak, double k0) => 2 * Llama8BLayerParams * 8192 / Llama8BRate(k0) / (peak * 0.5);
        const double head = 2 * Llama8BTable / (H100Bf16 * 0.5);
        const double attention = 4.0 * 32 * 32 * 128 * (8192.0 * 8193 / 2) / (H100Bf16 * 0.5);
        Assert.Equal(Gemms(H100Bf16, 75) + head / Rate(4096, 75) + attention, bf16.ComputeSeconds, bf16.ComputeSeconds * 1e-9);
        Assert.Equal(Gemms(H100Fp8, 315) + head / Rate(4096, 75) + attention, fp8Cost.ComputeSeconds, fp8Cost.ComputeSeconds * 1e-9);
        Assert.InRange(fp8Cost.ComputeSeconds / bf16.ComputeSeconds, 0.55, 0.6);   // 8,192 tokens: attention is an eighth of the FLOPs
        Assert.Contains(fp8.Notes, n => n.Contains("attention runs at the activations' bf16 peak (989.4 TFLOP/s), not the fp8 GEMMs' (1978.9)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_mixed_checkpoint_streams_and_multiplies_its_share_at_the_second_precision()
    {
        // A quarter of the layer weights left BF16 beside FP8, their GEMMs 1.8 times as long per FLOP (a slowdown given, as
        // the compiler sets it from an accelerator's matmul shares). By hand: the layers' stream grows by a quarter of
        // their 6.98e9 parameters at one more byte each; their GEMM time by 0.25 x 0.8 of the all-FP8 time; lm_head (BF16
        // in both) and attention are untouched.
        var mixed = Llama8BOnH100(Precision.Fp8) with { MixedWeights = new ClusterSim.Scenarios.MixedWeights(Precision.Bf16, 0.25), MixedSlowdown = 1.8 };
        var decode = IterationShape.Decode(1, 1024);
        Assert.Equal(0.25 * Llama8BLayerParams, Roofline(mixed).Predict(decode).BytesPerDevice - Roofline(Llama8BOnH100(Precision.Fp8)).Predict(decode).BytesPerDevice, 1.0);

        var prefill = IterationShape.Prefill(1, 8192);
        var layerGemms = 2 * Llama8BLayerParams * 8192 / Llama8BRate(315) / (H100Fp8 * 0.5);
        var fp8 = Roofline(Llama8BOnH100(Precision.Fp8)).Predict(prefill);
        var mix = Roofline(mixed).Predict(prefill);
        Assert.Equal(0.25 * 0.8 * layerGemms, mix.ComputeSeconds - fp8.ComputeSeconds, layerGemms * 1e-9);
        Assert.Equal(fp8.FlopsPerDevice, mix.FlopsPerDevice);   // the same FLOPs, at a slower rate
    }

    [Theory]
    // AutoQuantize's budget by element width: FP8 layers with 8.75 bits on average leave (8.75 - 8) / (16 - 8) of them
    // BF16 (NVIDIA's MLPerf v5.0 Mixtral on Hopper); NVFP4 at 7.25 leaves (7.25 - 4) / (8 - 4) FP8 (on Blackwell).
    [InlineData(8.75, Precision.Fp8, Precision.Bf16, 0.09375, 0.90625 * 1 + 0.09375 * 2)]
    [InlineData(7.25, Precision.Fp4, Precision.Fp8, 0.8125, 0.1875 * 4.5 / 8 + 0.8125 * 1)]
    public void Effective_bits_give_the_share_and_the_stored_bytes(double bits, Precision main, Precision second, double share, double bytes)
    {
        Assert.Equal(share, ClusterSim.Scenarios.MixedWeights.ShareFor(bits, main, second), 12);
        Assert.Equal(bytes, new ClusterSim.Scenarios.MixedWeights(second, share).StoredBytesPerParameter(main), 12);
    }

    [Fact]
    public void Fp8_on_an_A100_falls_back_to_bf16_and_says_so()
    {
        var deployment = Llama8BOnH100(Precision.Fp8) with { Accelerator = ReferenceAccelerators.A100Sxm80 };
        var model = Roofline(deployment);
        var cost = model.Predict(IterationShape.Prefill(1, 8192));

        // A100 bf16 dense 312 TFLOP/s (hardware.md); the GEMMs at bf16's K0 of 75.
        var seconds = (2 * Llama8BLayerParams * 8192 / Llama8BRate(75) + 2 * Llama8BTable / Rate(4096, 75)
                       + 4.0 * 32 * 32 * 128 * (8192.0 * 8193 / 2)) / (312e12 * 0.5);
        Assert.Equal(seconds, cost.ComputeSeconds, 1e-9);
        Assert.Contains(model.Notes, n => n.Contains("fp8 arithmetic is not supported by a100-80gb-sxm") && n.Contains("falling back to bf16"));
    }

    [Fact]
    public void A_precision_with_nothing_wider_to_fall_back_to_is_a_clear_error()
    {
        var fp8Only = ReferenceAccelerators.H100Sxm with
        {
            Key = "fp8-only",
            Tflops = new Dictionary<Precision, double> { [Precision.Fp8] = 1000 },
        };
        var error = Assert.Throws<ArgumentException>(() => Roofline(Llama8BOnH100() with { Accelerator = fp8Only }));
        Assert.Contains("no bf16 peak and no wider one", error.Message);
    }

    [Fact]
    public void Int4_weights_read_a_quarter_of_the_bf16_bytes_with_their_group_scales_and_compute_at_bf16()
    {
        var shape = IterationShape.Decode(1, 1);
        var model = Roofline(Llama8BOnH100(Precision.Int4));
        var int4 = model.Predict(shape);
        var bf16 = Roofline(Llama8BOnH100()).Predict(shape);

        // The layers' weights at 4 bits plus an FP16 scale and a 4-bit zero per 128 (AWQ, GPTQ): 0.5 + 2.5 / 128 bytes;
        // the vocab tables stay BF16.
        Assert.Equal(Llama8BLayerParams * (2 - (0.5 + 2.5 / 128)), bf16.BytesPerDevice - int4.BytesPerDevice, 1.0);
        Assert.Contains(model.Notes, n => n.Contains("int4 stored as AWQ and GPTQ do: 4.16 bits per value", StringComparison.Ordinal));
        Assert.Equal(bf16.ComputeSeconds, int4.ComputeSeconds, 1e-15);
        Assert.Contains(model.Notes, n => n.Contains("weight-only"));
    }

    [Fact]
    public void Fp4_weights_on_a_part_without_fp4_arithmetic_run_weight_only_at_bf16_and_say_so()
    {
        // Hopper has no fp4 tensor cores: its engines dequantise fp4 weights in the kernel (TensorRT-LLM's Triton MXFP4 MoE,
        // vLLM's Marlin FP4), so the GEMMs multiply at bf16, as for int4, and read the weights at fp4's size.
        var shape = IterationShape.Prefill(1, 8192);
        var model = Roofline(Llama8BOnH100(Precision.Fp4));
        var fp4 = model.Predict(shape);
        var bf16 = Roofline(Llama8BOnH100()).Predict(shape);
        Assert.Equal(bf16.ComputeSeconds, fp4.ComputeSeconds, 1e-15);
        Assert.Contains(model.Notes, n => n.Contains("has no fp4 arithmetic", StringComparison.Ordinal) && n.Contains("arithmetic at bf16", StringComparison.Ordinal));
        Assert.DoesNotContain(model.Notes, n => n.Contains("falling back", StringComparison.Ordinal));
    }

    [Fact]
    public void Mxfp4_weights_read_four_and_a_quarter_bits_and_multiply_as_fp4_does()
    {
        // OCP MXFP4 keeps one 8-bit scale per 32 values: (32 x 4 + 8) / 32 = 4.25 bits, against NVFP4's 4.5. The arithmetic
        // is fp4's on a part that has it (no "not supported" fallback), and weight-only bf16 on one that has not.
        var shape = IterationShape.Decode(16, 1000);
        var fp4Part = ReferenceAccelerators.H100Sxm with
        {
            Tflops = new Dictionary<Precision, double>(ReferenceAccelerators.H100Sxm.Tflops) { [Precision.Fp4] = 3957.8 },
        };
        var mx = Roofline(Llama8BOnH100(Precision.Mxfp4) with { Accelerator = fp4Part });
        var nv = Roofline(Llama8BOnH100(Precision.Fp4) with { Accelerator = fp4Part });
        var mxCost = mx.Predict(shape);
        var nvCost = nv.Predict(shape);
        Assert.Equal(Llama8BLayerParams * (4.5 - 4.25) / 8, nvCost.BytesPerDevice - mxCost.BytesPerDevice, 1.0);
        Assert.Equal(nvCost.ComputeSeconds, mxCost.ComputeSeconds, 1e-15);
        Assert.DoesNotContain(mx.Notes, n => n.Contains("not supported", StringComparison.Ordinal));
        Assert.Contains(mx.Notes, n => n.Contains("mxfp4 stored as OCP MXFP4: 4.25 bits", StringComparison.Ordinal));

        // Attention dp quantises an MXFP4 checkpoint's tokens to MXFP4 for the exchange (their 8-bit scales per 32), an
        // NVFP4 one's to NVFP4, though the two multiply at one peak.
        Assert.Equal(Precision.Mxfp4, new WorkModel(DeepSeekOn8(attentionDp: true) with { Accelerator = fp4Part, WeightPrecision = Precision.Mxfp4 }).DispatchPrecision);
        Assert.Equal(Precision.Fp4, new WorkModel(DeepSeekOn8(attentionDp: true) with { Accelerator = fp4Part, WeightPrecision = Precision.Fp4 }).DispatchPrecision);

        var hopper = Roofline(Llama8BOnH100(Precision.Mxfp4));
        Assert.Equal(Roofline(Llama8BOnH100()).Predict(shape).ComputeSeconds, hopper.Predict(shape).ComputeSeconds, 1e-15);
        Assert.Contains(hopper.Notes, n => n.Contains("has no fp4 arithmetic", StringComparison.Ordinal) && n.Contains("weights read at mxfp4's size", StringComparison.Ordinal));
    }

    [Fact]
    public void A_compute_precision_sets_the_gemms_rate_while_the_weights_keep_their_size()
    {
        // MXFP4 weights with MXFP8 activations (Blackwell's CUTLASS MoE): fp8's rate, fp4's bytes. On an H100 the fp8 GEMMs
        // take half the bf16 time; the weights read as fp4 whatever the rate.
        var shape = IterationShape.Prefill(1, 8192);
        var w4a8 = Roofline(Llama8BOnH100(Precision.Fp4) with { ComputePrecision = Precision.Fp8 });
        var fp8 = Roofline(Llama8BOnH100(Precision.Fp8)).Predict(shape);
        var fp4 = Roofline(Llama8BOnH100(Precision.Fp4)).Predict(shape);
        var cost = w4a8.Predict(shape);
        Assert.Equal(fp8.ComputeSeconds, cost.ComputeSeconds, 1e-15);
        Assert.Equal(fp4.BytesPerDevice, cost.BytesPerDevice, 1.0);
        Assert.Contains(w4a8.Notes, n => n.Contains("multiply in fp8 (compute_precision)", StringComparison.Ordinal));
    }

    [Fact]
    public void Tensor_parallel_step_adds_two_ring_all_reduces_per_layer()
    {
        var efficiency = Efficiency with { CollectiveStepLatencySeconds = 5e-6, LinkEfficiency = 0.7 };
        var deployment = new Deployment
        {
            Model = ReferenceModels.Llama2_70B,
            Accelerator = ReferenceAccelerators.H100Sxm,
            TensorParallel = 8,
        };
        var cost = Roofline(deployment, efficiency).Predict(IterationShape.Decode(16, 1000));

        // 80 layers x 2 all-reduces of 16 tokens x 8,192 x 2 bytes over NVLink4 at 450 GB/s each way:
        // ring: 2 x 7 steps x 5 us + 2 x 7 / 8 x bytes / (450 GB/s x 0.7).
        var bytes = 16.0 * 8192 * 2;
        var perAllReduce = 14 * 5e-6 + 14.0 / 8 * bytes / (450e9 * 0.7);
        Assert.Equal(160 * perAllReduce, cost.CommunicationSeconds, 1e-12);
        // Kernels run one after another; attention (16 x 1,000 KV tokens) is memory-bound, so every compute and memory
        // term adds except the attention FLOPs, which hide under the KV read.
        var attentionFlops = 16 * 1000 * 4.0 * 80 * 64 * 128 / 8;
        Assert.Equal(cost.OverheadSeconds + cost.ComputeSeconds + cost.MemorySeconds + cost.CommunicationSeconds - attentionFlops / (H100Bf16 * 0.5),
            cost.Seconds, 1e-9);

        // Each rank holds 1/8 of the weights: 68.98e9 x 2 bytes / 8.
        var weightsPerRank = 68.98e9 * 2 / 8;
        Assert.InRange(cost.BytesPerDevice - weightsPerRank, 0, 0.1 * weightsPerRank);
    }

    [Fact]
    public void A_tensor_group_spanning_nodes_all_reduces_over_the_scale_out_link()
    {
        var efficiency = Efficiency with { CollectiveStepLatencySeconds = 0, LinkEfficiency = 1 };
        var deployment = new Deployment
        {
            Model = ReferenceModels.Llama2_70B,
            Accelerator = ReferenceAccelerators.H100Sxm,
            TensorParallel = 16,
            AcceleratorsPerNode = 8,
        };
        var cost = Roofline(deployment, efficiency).Predict(IterationShape.Decode(64, 1000));

        // Ring over 16 ranks, limited by the 400 Gb/s (50 GB/s each way) scale-out link per GPU.
        var bytes = 64.0 * 8192 * 2;
        Assert.Equal(160 * (2.0 * 15 / 16 * bytes / 50e9), cost.CommunicationSeconds, 1e-12);
    }

    [Fact]
    public void Pipeline_stages_idle_only_when_fewer_micro_batches_than_stages_and_add_send_recv()
    {
        var efficiency = Efficiency with { CollectiveStepLatencySeconds = 2e-6, LinkEfficiency = 1, IterationOverheadSeconds = 1e-3 };
        var single = new Deployment { Model = ReferenceModels.Llama2_70B, Accelerator = ReferenceAccelerators.H100Sxm };
        var shape = IterationShape.Decode(32, 2000);
        var stage = Roofline(single with { PipelineParallel = 4 }, efficiency).Predict(shape);
        var pipelined = Roofline(single with { PipelineParallel = 4, PipelineMicroBatches = 4 }, efficiency).Predict(shape);

        // One micro-batch through 4 stages of 20 layers each: 4 stage times plus 3 sends of 32 x 8,192 x 2 bytes.
        var send = 2e-6 + 32.0 * 8192 * 2 / 450e9;
        Assert.Equal(1e-3 + 4 * stage.StageSeconds + 3 * send, stage.Seconds, 1e-12);
        Assert.Equal(0.75, stage.BubbleFraction, 1e-12);

        // Four micro-batches, pipelined without a break as serving engines run them (each stage works on one micro-batch
        // after another; a micro-batch re-enters the first stage as it leaves the last): 4 slots of a quarter of the
        // batch, no bubble. GPipe's fill and drain per iteration would be 4 + 4 - 1 = 7 slots.
        Assert.Equal(0, pipelined.BubbleFraction, 1e-12);
        Assert.Equal(1e-3 + 4 * pipelined.StageSeconds + 3 * (2e-6 + 8.0 * 8192 * 2 / 450e9), pipelined.Seconds, 1e-12);

        // More micro-batches than stages: one slot each. Fewer: the stage count, with (p - m) / p idle.
        var eight = Roofline(single with { PipelineParallel = 4, PipelineMicroBatches = 8 }, efficiency).Predict(shape);
        Assert.Equal(1e-3 + 8 * eight.StageSeconds + 3 * (2e-6 + 4.0 * 8192 * 2 / 450e9), eight.Seconds, 1e-12);
        var two = Roofline(single with { PipelineParallel = 4, PipelineMicroBatches = 2 }, efficiency).Predict(shape);
        Assert.Equal(0.5, two.BubbleFraction, 1e-12);
        Assert.Equal(1e-3 + 4 * two.StageSeconds + 3 * (2e-6 + 16.0 * 8192 * 2 / 450e9), two.Seconds, 1e-12);

        // A stage holds a quarter of the layers: a quarter of the layers' weights plus lm_head (on the last stage, the one
        // priced), and of the KV cache of 32 x 2,000 tokens (20 layers x K,V x 8 heads x 128 x 2 bytes per token);
        // activations add about 0.3 GB.
        var weights = ((68.98e9 - 2 * Llama2Table) / 4 + Llama2Table) * 2;
        var kv = (32 * 2000 + 32) * (20.0 * 2 * 8 * 128 * 2);
        Assert.InRange(stage.BytesPerDevice - (weights + kv), 0, 0.5e9);
    }

    [Fact]
    public void Moe_decode_reads_only_the_experts_its_tokens_route_to()
    {
        // Mixtral-8x7B (config.json): 46.7e9 parameters, 32 layers, 8 experts, top-2, expert ffn 14,336, hidden 4,096.
        var mixtral = new LlmArchitecture
        {
            Key = "mixtral-8x7b", ParamsB = 46.7, Layers = 32, HiddenSize = 4096, Heads = 32, KvHeads = 8, HeadDim = 128,
            FfnSize = 14336, VocabSize = 32000, Moe = new MoeSpec(Experts: 8, ActiveExperts: 2, ExpertFfnSize: 14336),
        };
        var deployment = new Deployment { Model = mixtral, Accelerator = ReferenceAccelerators.H100Sxm, WeightPrecision = Precision.Fp8 };
        var model = Roofline(deployment);

        var expert = 3.0 * 4096 * 14336;            // gate, up, down
        var always = 46.7e9 - 32 * 8 * expert;       // attention, norms, embeddings, router
        const double table = 32000.0 * 4096;         // streamed: lm_head whole, the embedding one row per token
        var one = model.Predict(IterationShape.Decode(1, 1));
        var many = model.Predict(IterationShape.Decode(4096, 1));

        // One token touches 2 experts per layer; 4,096 tokens touch all 8 (1 - (6/8)^4096 = 1). The layers' weights are
        // FP8 (one byte), lm_head BF16 as FP8 checkpoints keep it (two): (always - 2 tables) x 1 + 1 table x 2 = always.
        // (The rest is KV cache and activations: at most ~14 MB per token for this shape.)
        Assert.InRange(one.BytesPerDevice - (always - 2 * table + 2 * table + 32 * 2 * expert), 0, 2e7);
        Assert.InRange(many.BytesPerDevice - (always - 2 * table + 2 * table + 32 * 8 * expert), 0, 4096 * 2e7);

        // Active parameters per token: always + 2 experts per layer = 12.9e9 (Mixtral's published ~12.9 B), less the
        // embedding lookup (no FLOPs); lm_head's share is the one sampled position's.
        Assert.Equal(2 * (always - table + 32 * 2 * expert), one.FlopsPerDevice, 1e6);
        Assert.InRange(mixtral.ActiveParameters, 12.8e9, 13.0e9);
    }

    [Fact]
    public void Mla_caches_one_compressed_latent_per_token_and_layer()
    {
        // DeepSeek-V3 (config.json): 671e9 parameters, 61 layers, 128 heads, kv_lora_rank 512, qk_rope_head_dim 64.
        var deepseek = new LlmArchitecture
        {
            Key = "deepseek-v3", ParamsB = 671, ActiveParamsB = 37, Layers = 61, HiddenSize = 7168, Heads = 128, FfnSize = 18432,
            VocabSize = 129280, Moe = new MoeSpec(256, 8, 2048, SharedExperts: 1, DenseLayers: 3),
            Mla = new MlaSpec(KvLoraRank: 512, QkRopeHeadDim: 64, QLoraRank: 1536, QkNopeHeadDim: 128, VHeadDim: 128),
        };
        var deployment = new Deployment
        {
            Model = deepseek, Accelerator = ReferenceAccelerators.H100Sxm, WeightPrecision = Precision.Fp8,
            KvCachePrecision = Precision.Bf16, TensorParallel = 8, AcceleratorsPerNode = 8,
        };
        var model = Roofline(deployment);
        var shortContext = model.Predict(IterationShape.Decode(1, 1000));
        var longContext = model.Predict(IterationShape.Decode(1, 11000));

        // 10,000 more cached tokens read: 61 layers x (512 + 64) values x 2 bytes each, on every rank.
        Assert.Equal(10000.0 * 61 * 576 * 2, longContext.BytesPerDevice - shortContext.BytesPerDevice, 1.0);

        // Attention FLOPs per extra pair of a decoding token, in the absorbed form the MLA decode kernels run (an MQA over
        // the latent): 61 layers x 128 heads x (2 x (512 + 64) + 2 x 512) / 8 ranks.
        Assert.Equal(10000.0 * 61 * 128 * (2 * 576 + 2 * 512) / 8, longContext.FlopsPerDevice - shortContext.FlopsPerDevice, 1.0);

        // A prompt attends with decompressed keys and values: (2 x (128 + 64) + 2 x 128) per pair and head, 2,048 x
        // 2,049 / 2 pairs for a 2,048-token prompt (causal, the diagonal included).
        var prompt = model.Predict(IterationShape.Prefill(1, 2048));
        var promptFlops = new WorkModel(deployment).AttentionFlops(IterationShape.Prefill(1, 2048));
        Assert.Equal(2048.0 * 2049 / 2 * 61 * 128 * (2 * 192 + 2 * 128) / 8, promptFlops, 1.0);
        Assert.True(prompt.FlopsPerDevice > promptFlops);
    }

    [Fact]
    public void Compute_efficiency_saturates_with_tokens_per_iteration()
    {
        var saturating = Efficiency with { ComputeSaturationTokens = 512 };
        var constant = Roofline(Llama8BOnH100()).Predict(IterationShape.Prefill(1, 2048));
        var cost = Roofline(Llama8BOnH100(), saturating).Predict(IterationShape.Prefill(1, 2048));

        // eff = 0.5 x 2048 / (2048 + 512): compute time grows by (2048 + 512) / 2048.
        Assert.Equal(constant.ComputeSeconds * 2560 / 2048, cost.ComputeSeconds, 1e-12);
    }

    [Fact]
    public void Overheads_add_per_iteration_per_sequence_and_per_prefill()
    {
        var efficiency = Efficiency with { IterationOverheadSeconds = 2e-3, SequenceOverheadSeconds = 1e-4, PrefillOverheadSeconds = 5e-3 };
        var model = Roofline(Llama8BOnH100(), efficiency);
        var mixed = IterationShape.Decode(10, 500).WithPrefillChunk(256, 0);

        var cost = model.Predict(mixed);

        Assert.Equal(2e-3 + 11 * 1e-4 + 5e-3, cost.OverheadSeconds, 1e-15);
        Assert.Equal(2e-3 + 10 * 1e-4, model.Predict(IterationShape.Decode(10, 500)).OverheadSeconds, 1e-15);
    }

    [Fact]
    public void Each_gemm_launch_adds_its_fixed_time_once_per_gemm_of_every_layer_in_every_slot()
    {
        // Llama 3.1 8B: 32 layers x (q/k/v, o, gate/up, down) + lm_head = 129 launches a pass. Mixtral: 32 x (q/k/v, o,
        // router, two grouped expert GEMMs) + 1 = 161. DeepSeek-V3: MLA's q_a, q_b, kv_a, kv_b, o in 61 layers, then 3
        // dense MLPs (2 each) and 58 MoE layers (router, 2 grouped, 2 shared): 61 x 5 + 3 x 2 + 58 x 5 + 1 = 602.
        Assert.Equal(129, new WorkModel(Llama8BOnH100()).GemmLaunchesPerStage);
        Assert.Equal(161, new WorkModel(new Deployment { Model = Mixtral, Accelerator = ReferenceAccelerators.H100Sxm }).GemmLaunchesPerStage);
        Assert.Equal(602, new WorkModel(DeepSeekOn8(attentionDp: false)).GemmLaunchesPerStage);

        // In the step: the launches of the stage priced, in every slot of the pipeline. 8B at pp 2 with 2 micro-batches:
        // a stage of 16 layers (64 launches) and lm_head, 2 slots.
        var shape = IterationShape.Decode(64, 500);
        double Seconds(Deployment d, double launch) => Roofline(d, Efficiency with { GemmLaunchSeconds = launch }).Predict(shape).Seconds;
        Assert.Equal(129 * 4.5e-6, Seconds(Llama8BOnH100(), 4.5e-6) - Seconds(Llama8BOnH100(), 0), 1e-12);
        var pipelined = Llama8BOnH100() with { PipelineParallel = 2, PipelineMicroBatches = 2, AcceleratorsPerNode = 2 };
        Assert.Equal(2 * 65 * 4.5e-6, Seconds(pipelined, 4.5e-6) - Seconds(pipelined, 0), 1e-12);
        var cost = Roofline(Llama8BOnH100(), Efficiency with { GemmLaunchSeconds = 4.5e-6 }).Predict(shape);
        Assert.Equal(129 * 4.5e-6, cost.OverheadSeconds, 1e-12); // reported as fixed time of the iteration
    }

    [Fact]
    public void An_empty_iteration_takes_no_time()
        => Assert.Equal(0, Roofline(Llama8BOnH100()).Predict(default).DurationNs);

    [Fact]
    public void Running_sums_built_one_sequence_at_a_time_equal_the_batch_built_at_once()
    {
        var incremental = default(IterationShape);
        for (var i = 0; i < 8; i++)
        {
            incremental = incremental.WithPrefillChunk(512, 0).WithDecode(700);
        }

        Assert.Equal(IterationShape.Prefill(8, 512) + IterationShape.Decode(8, 700), incremental);
        Assert.Equal(8 * (512L * 513 / 2), incremental.PrefillAttentionPairs);

        // A sequence leaving subtracts its terms again.
        Assert.Equal(IterationShape.Prefill(7, 512) + IterationShape.Decode(8, 700), incremental - IterationShape.Prefill(1, 512));

        // A chunk after 1,000 cached tokens attends to them as well: 256 x 1,000 + 256 x 257 / 2 pairs.
        Assert.Equal(256L * 1000 + 256L * 257 / 2, IterationShape.AttentionPairs(256, 1000));
    }

    [Fact]
    public void Predicting_allocates_nothing()
    {
        var model = Roofline(new Deployment
        {
            Model = ReferenceModels.Llama2_70B, Accelerator = ReferenceAccelerators.H100Sxm, TensorParallel = 8, PipelineParallel = 2,
            AcceleratorsPerNode = 8,
        });
        var shape = IterationShape.Decode(200, 3000).WithPrefillChunk(512, 128);
        var sum = model.Predict(shape).Seconds;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            sum += model.Predict(shape).Seconds;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        clock.Stop();
        output.WriteLine($"{clock.Elapsed.TotalNanoseconds / 100_000:F0} ns per prediction (debug build, shared CPU)");
        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }

    [Fact]
    public void The_roofline_without_efficiency_factors_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => ExecutionModels.Create(
            "roofline", new ExecutionModelContext { Deployment = Llama8BOnH100() }));
        Assert.Contains("efficiency", error.Message);
        Assert.Contains("h100-sxm", error.Message);
    }

    [Fact]
    public void Efficiency_above_one_is_rejected_because_it_would_beat_the_physical_bound()
    {
        var error = Assert.Throws<ArgumentException>(() => Roofline(Llama8BOnH100(), Efficiency with { MemoryEfficiency = 1.2 }));
        Assert.Contains("memory_efficiency must be in (0, 1]", error.Message);
    }

    /// <summary>Mixtral-8x7B (mistralai config.json): 32 layers, hidden 4,096, 8 experts of ffn 14,336, top-2.</summary>
    private static readonly LlmArchitecture Mixtral = new()
    {
        Key = "mixtral-8x7b", ParamsB = 46.7, ActiveParamsB = 12.9, Layers = 32, HiddenSize = 4096, Heads = 32, KvHeads = 8,
        HeadDim = 128, FfnSize = 14336, VocabSize = 32000, Moe = new MoeSpec(8, 2, 14336),
    };

    [Theory]
    // tokens, expected rows per touched expert after padding to 64-row tiles (by hand)
    [InlineData(8, 64.0)]       // 16 assignments over 8 x (1 - 0.75^8) = 7.199 experts: 2.2 rows each, one tile
    [InlineData(4096, 1024.0)]  // 8,192 assignments over all 8 experts: 1,024 rows each, 16 whole tiles, no padding
    public void Expert_gemms_pay_for_whole_tiles_of_the_tokens_each_expert_receives(int tokens, double paddedRows)
    {
        var cost = Roofline(new Deployment
        {
            Model = Mixtral, Accelerator = ReferenceAccelerators.H100Sxm, WeightPrecision = Precision.Fp8, KvCachePrecision = Precision.Fp8,
        }).Predict(IterationShape.Prefill(1, tokens));

        // By hand: one expert's MLP is 3 x 4,096 x 14,336 = 176,160,768 parameters in each of 32 layers.
        const double perExpert = 3.0 * 4096 * 14336 * 32;
        var touched = 8 * (1 - Math.Pow(0.75, tokens));
        const double table = 32000.0 * 4096;  // lm_head once (the last position), no FLOPs for the embedding lookup
        var dense = 2 * (12.9e9 - 2 * perExpert - 2 * table) * tokens;
        var experts = 2 * perExpert * touched * paddedRows;
        var attention = 4.0 * 32 * 32 * 128 * ((double)tokens * (tokens + 1) / 2) * (H100Fp8 / H100Bf16);   // at the BF16 peak
        // FP8 GEMM rates by K (K0 315): attention projections (q/k/v K 4,096, o K 4,096), experts (gate/up K 4,096, down
        // K 14,336), lm_head (K 4,096).
        var denseRate = Combined(315, (4096, 4096.0 * 6144), (4096, 4096.0 * 4096));
        var expertRate = Combined(315, (4096, 2 * 4096.0 * 14336), (14336, 14336.0 * 4096));
        // lm_head stays BF16 (FP8 checkpoints leave it out): its row at the BF16 peak and K0 75.
        var head = 2 * table / Rate(4096, 75) * (H100Fp8 / H100Bf16);
        var byHand = (dense / denseRate + head + experts / expertRate + attention) / (H100Fp8 * 0.5);
        Assert.Equal(byHand, cost.ComputeSeconds, cost.ComputeSeconds * 1e-9);

        // Weights: everything but the routed experts, plus the experts touched, one byte each (FP8), lm_head two;
        // at 8 tokens the KV and activation bytes beside them are under 1 % (at 4,096 the activations are tens of GB).
        var weights = 46.7e9 - table - 8 * perExpert + perExpert * touched + table;
        Assert.True(cost.BytesPerDevice >= weights);
        if (tokens == 8)
        {
            Assert.InRange(cost.BytesPerDevice - weights, 0, 0.01 * weights);
        }
    }

    [Fact]
    public void Expert_parallel_ranks_hold_whole_experts_and_the_busiest_rank_sets_the_step()
    {
        // Mixtral on 2 H100s, 4,096 prompt tokens: tensor parallelism splits all 8 experts in two; ep 2 gives each rank 4
        // whole experts. 8,192 assignments: the busiest of 2 ranks gets 4,096 + (1 / sqrt(pi)) x sqrt(8,192 / 4) = 4,121.5,
        // 1,030.4 rows per expert, 17 tiles of 64 = 1,088 rows (tensor parallel: 1,024 each, 16 whole tiles).
        const int tokens = 4096;
        const double perExpert = 3.0 * 4096 * 14336 * 32;
        IterationCost Cost(int ep) => Roofline(new Deployment
        {
            Model = Mixtral, Accelerator = ReferenceAccelerators.H100Sxm, WeightPrecision = Precision.Fp8, KvCachePrecision = Precision.Fp8,
            TensorParallel = 2, ExpertParallel = ep,
        }).Predict(IterationShape.Prefill(1, tokens));

        const double table = 32000.0 * 4096;
        // Per rank at TP2, FP8 rates by K (K0 315): q/k/v K 4,096, o K 2,048; lm_head K 4,096; experts' down projection
        // K 14,336 when whole (ep 2) and 7,168 when split (tp).
        var dense = 2 * (12.9e9 - 2 * perExpert - 2 * table) * tokens / 2 / Combined(315, (4096, 4096.0 * 3072), (2048, 2048.0 * 4096))
                    + 2 * table / 2 / Rate(4096, 75) * (H100Fp8 / H100Bf16);   // lm_head BF16
        var attention = 4.0 * 32 * 32 * 128 * ((double)tokens * (tokens + 1) / 2) / 2 * (H100Fp8 / H100Bf16);   // at the BF16 peak
        var busiest = 4096 + Math.Sqrt(8192 * 0.25) / Math.Sqrt(Math.PI);
        Assert.Equal(1088, Math.Ceiling(busiest / 4 / 64) * 64);
        var expertParallel = 2 * perExpert * 4 * 1088 / Combined(315, (4096, 2 * 4096.0 * 14336), (14336, 14336.0 * 4096));
        var tensorParallel = 2 * perExpert / 2 * 8 * 1024 / Combined(315, (4096, 2 * 4096.0 * 7168), (7168, 7168.0 * 4096));
        var ep2 = Cost(2);
        var tp2 = Cost(1);
        Assert.Equal((dense + expertParallel + attention) / (H100Fp8 * 0.5), ep2.ComputeSeconds, ep2.ComputeSeconds * 1e-6);
        Assert.Equal((dense + tensorParallel + attention) / (H100Fp8 * 0.5), tp2.ComputeSeconds, tp2.ComputeSeconds * 1e-9);

        // Weights per rank: half of everything but the routed experts, then 4 whole experts or half of all 8: the same
        // bytes, and the same KV cache. The activations differ by the experts' outputs, written at full width and read
        // back for the weighted sum: tensor parallelism writes a partial sum of every one of the 8,192 assignments on each
        // rank, ep 2 each rank's half of them whole: 2 bytes x 32 layers x 4,096 tokens x 2 x (2 - 1) x 4,096.
        Assert.Equal(2.0 * 32 * tokens * 2 * (2 - 1) * 4096, tp2.BytesPerDevice - ep2.BytesPerDevice, 1.0);
        Assert.True(ep2.Seconds > tp2.Seconds, "the busiest rank and the coarser tiles cost time");
    }

    [Fact]
    public void Activation_bytes_count_each_tensor_written_once_and_read_once()
    {
        // Llama 3.1 8B in BF16 at TP2, per token and layer, in elements: whole on each rank, two fused add-norms (each
        // reads the residual and the sublayer's output and writes both: 2 x 4 x 4,096) and the o and down projections'
        // partial sums at full width (2 x 4,096): 40,960; the rank's half of q (4,096), k and v (2 x 8 heads x 128),
        // attention's output (4,096) and the MLP's gate, up and product (3 x 14,336), each written and read:
        // 2 x 53,248 / 2 = 53,248. At 2 bytes over 32 layers, plus the embedding row looked up (4,096 x 2 bytes / 2).
        var dense = new WorkModel(Llama8BOnH100() with { TensorParallel = 2, AcceleratorsPerNode = 2 });
        Assert.Equal(2.0 * 32 * (40_960 + 53_248) + 4_096, dense.ActivationBytes(1), 1e-6);
        Assert.Equal(1_000 * dense.ActivationBytes(1), dense.ActivationBytes(1_000), 1e-3);   // linear in the tokens

        // Mixtral in FP8 at TP2: the same whole part, plus each of the 2 routed experts' outputs written at full width
        // and read back for the weighted sum (2 x 2 x 4,096, a partial sum on each rank when the experts are split by
        // tensor parallelism, half of them when ep 2 gives each rank 4 whole experts); the share as before with the 2
        // experts' intermediates (3 x 2 x 14,336). BF16 activations and a 16-bit embedding table beside FP8 layers.
        WorkModel MixtralWork(int ep) => new(new Deployment
        {
            Model = Mixtral, Accelerator = ReferenceAccelerators.H100Sxm, WeightPrecision = Precision.Fp8, KvCachePrecision = Precision.Fp8,
            TensorParallel = 2, ExpertParallel = ep, AcceleratorsPerNode = 2,
        });
        var share = 2.0 * (4_096 + 2 * 8 * 128 + 4_096 + 3 * 2 * 14_336) / 2;
        Assert.Equal(2.0 * 32 * (40_960 + 2 * 2 * 4_096 + share) + 4_096, MixtralWork(1).ActivationBytes(1), 1e-6);
        Assert.Equal(2.0 * 32 * (40_960 + 2 * 2 * 4_096 / 2 + share) + 4_096, MixtralWork(2).ActivationBytes(1), 1e-6);
    }

    [Fact]
    public void Expert_parallelism_that_does_not_divide_the_tensor_group_or_a_dense_model_is_rejected()
    {
        var odd = Assert.Throws<ArgumentException>(() => Roofline(new Deployment
        {
            Model = Mixtral, Accelerator = ReferenceAccelerators.H100Sxm, TensorParallel = 4, ExpertParallel = 3,
        }));
        Assert.Contains("divide tensor_parallel 4", odd.Message);
        var dense = Assert.Throws<ArgumentException>(() => Roofline(Llama8BOnH100() with { TensorParallel = 2, ExpertParallel = 2 }));
        Assert.Contains("needs a mixture of experts", dense.Message);
    }

    /// <summary>DeepSeek-V3 (config.json): 671e9 parameters, 61 layers (3 dense), 256 experts top-8 of ffn 2,048, MLA latent 512 + 64.</summary>
    private static readonly LlmArchitecture DeepSeekV3 = new()
    {
        Key = "deepseek-v3", ParamsB = 671, ActiveParamsB = 37, Layers = 61, HiddenSize = 7168, Heads = 128, FfnSize = 18432,
        VocabSize = 129280, Moe = new MoeSpec(256, 8, 2048, SharedExperts: 1, DenseLayers: 3),
        Mla = new MlaSpec(KvLoraRank: 512, QkRopeHeadDim: 64, QLoraRank: 1536, QkNopeHeadDim: 128, VHeadDim: 128),
    };

    private static Deployment DeepSeekOn8(bool attentionDp) => new()
    {
        Model = DeepSeekV3, Accelerator = ReferenceAccelerators.H100Sxm, WeightPrecision = Precision.Fp8,
        KvCachePrecision = Precision.Bf16, TensorParallel = 8, AcceleratorsPerNode = 8,
        ExpertParallel = attentionDp ? 8 : 1, AttentionDataParallel = attentionDp,
    };

    [Fact]
    public void Attention_data_parallelism_keeps_one_mla_latent_per_token_where_tensor_parallelism_keeps_one_per_rank()
    {
        // As stored across the replica: 61 layers x 576 values x 2 bytes once, against once per rank (8x) under tp.
        Assert.Equal(61.0 * 576 * 2, new WorkModel(DeepSeekOn8(attentionDp: true)).KvBytesPerTokenPerReplica, 1e-6);
        Assert.Equal(8 * 61.0 * 576 * 2, new WorkModel(DeepSeekOn8(attentionDp: false)).KvBytesPerTokenPerReplica, 1e-6);

        // 10,000 more cached tokens: under tp every rank reads them; under dp the rank holding the sequence does, an
        // eighth of it per rank on average (sequences spread evenly).
        double Extra(bool dp)
        {
            var model = Roofline(DeepSeekOn8(dp));
            return model.Predict(IterationShape.Decode(1, 11000)).BytesPerDevice - model.Predict(IterationShape.Decode(1, 1000)).BytesPerDevice;
        }

        Assert.Equal(10000.0 * 61 * 576 * 2, Extra(false), 1.0);
        Assert.Equal(10000.0 * 61 * 576 * 2 / 8, Extra(true), 1.0);
    }

    [Fact]
    public void Attention_data_parallelism_replaces_the_all_reduces_by_two_all_to_alls_per_moe_layer_where_told_to()
    {
        // 256 decoding tokens: a rank sends each of its 32 tokens' 7,168-wide hidden state once to every rank holding one
        // of its 8 experts, quantised to FP8 as the experts' GEMMs take it (1 byte), 7/8 of it to other ranks, over
        // NVLink 4 (450 GB/s each way, link efficiency 1 and no step latency in these factors), and the outputs come back
        // in bf16 (2 bytes), for each of 58 MoE layers. Under tp: 2 all-reduces per layer over all 61 layers instead. A
        // token's 8 experts of 256 miss a rank's 32 with probability (224 x 223 x ... x 217) / (256 x 255 x ... x 249)
        // = 0.338168, so they live on 8 x 0.661832 = 5.29465 ranks. Each all-to-all lasts as long as the busiest rank's
        // larger side: it sends 32 x 5.29 but receives the busiest rank's share of the 2,048 (token, expert) pairs,
        // uniform routing's mean 256 + 1.42360 (the expected maximum of 8 standard normals) x sqrt(2,048 x 1/8 x 7/8)
        // standard deviations, as tokens in the proportion 5.29465 / 8.
        var link = ReferenceAccelerators.H100Sxm.ScaleUp!;
        var copies = (256 + 1.4236003 * Math.Sqrt(2048.0 / 8 * 7 / 8)) * 5.2946520 / 8;
        double AllToAll(double bytesPerCopy) => 7.0 / 8 * copies * 7168 * bytesPerCopy / link.BytesPerSecondEachWay + 7 * link.LatencyUs * 1e-6;
        var dp = Roofline(DeepSeekOn8(attentionDp: true) with { ExpertExchange = ClusterSim.Scenarios.ExpertExchange.AllToAll }).Predict(IterationShape.Decode(256, 1000));
        Assert.Equal(58 * (AllToAll(1) + AllToAll(2)), dp.CommunicationSeconds, 1e-9);

        var tp = Roofline(DeepSeekOn8(attentionDp: false)).Predict(IterationShape.Decode(256, 1000));
        var allReduce = 2.0 * 7 / 8 * (256 * 7168 * 2) / link.BytesPerSecondEachWay + 14 * link.LatencyUs * 1e-6;
        Assert.Equal(2 * 61 * allReduce, tp.CommunicationSeconds, 1e-12);

        // Weights per rank: whole copies of all but the routed experts (less the embedding table, looked up a row at a
        // time; lm_head BF16, two bytes, as FP8 checkpoints keep it), and 32 whole experts of 58 layers.
        const double expert = 3.0 * 7168 * 2048;
        var always = 671e9 - 129280.0 * 7168 - 58 * 256 * expert + 129280.0 * 7168;
        var weights = new WorkModel(DeepSeekOn8(attentionDp: true)).WeightBytesPerPass(double.PositiveInfinity);
        Assert.Equal(always + 58 * 32 * expert, weights, weights * 1e-9);
    }

    [Fact]
    public void Attention_data_parallelism_gathers_every_ranks_tokens_and_reduce_scatters_the_outputs_by_default()
    {
        // 256 decoding tokens, 32 a rank: each of 58 MoE layers all-gathers the 256 tokens' FP8 hidden states (7,168
        // bytes each) to all 8 ranks and reduce-scatters their bf16 outputs (14,336 bytes each) back. A ring all-gather
        // or reduce-scatter of S bytes over 8 ranks takes 7 steps of one link latency and moves 7/8 S over each rank's
        // link (half a ring all-reduce's 14 steps and 2 x 7/8 S), over NVLink 4 at 450 GB/s each way.
        var link = ReferenceAccelerators.H100Sxm.ScaleUp!;
        double Ring(double bytes) => 7 * link.LatencyUs * 1e-6 + 7.0 / 8 * bytes / link.BytesPerSecondEachWay;
        var gathered = Roofline(DeepSeekOn8(attentionDp: true)).Predict(IterationShape.Decode(256, 1000));
        Assert.Equal(58 * (Ring(256 * 7168.0) + Ring(256 * 7168.0 * 2)), gathered.CommunicationSeconds, 1e-9);

        // DeepSeek's block-scaled FP8 gathered in bf16, as TensorRT-LLM does: the dispatch doubles.
        var sixteenBit = Roofline(DeepSeekOn8(attentionDp: true) with { DispatchPrecision = Precision.Bf16 }).Predict(IterationShape.Decode(256, 1000));
        Assert.Equal(58 * (Ring(256 * 7168.0 * 2) + Ring(256 * 7168.0 * 2)), sixteenBit.CommunicationSeconds, 1e-9);

        // 255 decoding tokens leave seven ranks 32 and one 31: FP8 tokens are gathered as each rank has them, 255; NVFP4
        // ones (4.5 bits with their scales) padded to the busiest rank's 32, as TensorRT-LLM pads tokens with block scales.
        var uneven = Roofline(DeepSeekOn8(attentionDp: true)).Predict(IterationShape.Decode(255, 1000));
        Assert.Equal(58 * (Ring(255 * 7168.0) + Ring(255 * 7168.0 * 2)), uneven.CommunicationSeconds, 1e-9);
        var fourBit = Roofline(DeepSeekOn8(attentionDp: true) with { DispatchPrecision = Precision.Fp4 }).Predict(IterationShape.Decode(255, 1000));
        Assert.Equal(58 * (Ring(256 * 7168.0 * 0.5625) + Ring(256 * 7168.0 * 2)), fourBit.CommunicationSeconds, 1e-9);
    }

    [Fact]
    public void Attention_data_parallelism_on_a_dense_model_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Roofline(Llama8BOnH100() with { TensorParallel = 2, ExpertParallel = 2, AttentionDataParallel = true }));
        Assert.Contains("mixture of experts", error.Message);
    }
}
