using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: MLPerf Inference v5.1 closed results (scenarios/validation/mlperf51-*.yaml: each file's header
/// gives the source, the engine settings from the submission and what is assumed). AMD's Llama-2-70B offline rows on
/// MI300X and MI325X (and, from the same round's open division, MI355X in MXFP4) and its Mixtral-8x7B row on MI325X, with the v5.1 harness configs; and another engine, model and dataset than the rounds before: Red
/// Hat's vLLM 0.10.0 (the V1 engine) on one H100 SXM, Llama-3.1-8B in FP8, MLPerf's CNN/DailyMail summarization. No
/// stack has an H100 vLLM fit: the run derives one from the A100 vllm entry by the parts' measured matmul and bandwidth
/// shares, so those rows check that derivation. ASUSTeK's Llama-2-70B rows on 8x H200 NVL, the 600 W PCIe card, check the
/// derivation for a part no stack was fitted on, by its vendor figures alone; NVIDIA's own Llama-2-70B offline rows on 8x
/// B200 and a 4-GPU GB200 tray (v5.0's B200 settings assumed for both) check the one die at two board limits. First run 2026-12-05; nothing was changed after them. The server's engine setting --long-prefill-token-threshold came into the
/// model as the chunked_prefill policy's chunk_cap the same day, from vLLM's scheduler (a request's chunk is held to the
/// threshold), not from these figures.
/// </summary>
public sealed class MlperfV51ValidationTests(ITestOutputHelper output)
{
    private readonly ErrorBands _bands = new(output);

    [Theory]
    // file, measured output tokens/s, band of the error
    // AMD's own harness a year after v4.1 (its configs in the submission): MI300X -3.7 % (v4.1's row, an older harness,
    // reads -10.3 %), MI325X +0.3 % (v5.0's, with assumed settings, -4.7 %; -2.2 and +1.1 % with the Llama-2-70B outputs' cv
    // of 0.6 assumed before 2026-12-07). Both met; AMD's MLPerf scheduler, which holds
    // prefills back to keep a target decode batch, and the MI325X's swizzled FP8 GEMM layout are not modelled.
    [InlineData("mlperf51-mi300x-llama2-70b-offline.yaml", -0.10, 0.10)]
    [InlineData("mlperf51-mi325x-llama2-70b-offline.yaml", -0.10, 0.10)]
    // The MI355X, which AMD entered in v5.1's open division (MXFP4 weights and activations, FP8 KV; its harness config as
    // for the rows above): -9.4 %, met (-8.7 % with the outputs' cv of 0.6, before 2026-12-07; first run 2026-12-05 at -8.8 %, its weights then stored at NVFP4's 4.5 bits, MXFP4's
    // 4.25 since 2026-12-06). The part has neither fit nor measured FP4 or bandwidth share: the MI300X vllm entry moved by
    // the BF16 matmul shares and applied at the FP4 peak unchanged, as its run says.
    [InlineData("mlperf51-open-mi355x-llama2-70b-offline.yaml", -0.10, 0.10)]
    // Mixtral-8x7B on the MI325X (AITER's MoE kernels), the first mixture-of-experts row off NVIDIA's parts: -4.6 %, met (-4.2 % with
    // prompts and outputs drawn apart, before 2026-12-07),
    // where NVIDIA's Hopper Mixtral rows read +4 to +13 % (a Mixtral step about 8 % short there: the experts' FP8 path of
    // TensorRT-LLM, not the MoE arithmetic, is what the Hopper rows lack).
    [InlineData("mlperf51-mi325x-mixtral-8x7b-offline.yaml", -0.10, 0.10)]
    // Llama-3.1-405B on 8x H200 (NVIDIA's TensorRT-LLM; Nebius's submission): +1.2 %, met (+1.0 % drawn apart), but weaker evidence: NVIDIA's
    // configs are not in the index, and the layout decides the reading (pipeline parallelism, as NVIDIA's blog runs this
    // model for throughput; TP8 reads -11.9 %, TP4 x PP2 +0.6 %, TP2 x PP4 +6.9 %). The prompts average 9,429 tokens.
    [InlineData("mlperf51-h200-llama31-405b-offline.yaml", -0.10, 0.10)]
    // Llama-2-70B on 8x H200 NVL (ASUSTeK's ESC8000A-E12, NVIDIA's harness with the v5.0 H200 settings; first run
    // 2026-12-06): -4.8 %, met (-4.3 % with the outputs' cv of 0.6, before 2026-12-07). No stack was fitted on the 600 W card: the run takes the H100 trtllm-fp8 entry at the
    // card's own peaks (its vendor FP8 figure is 0.844 of the SXM part's), moved by the H200 SXM's measured shares
    // (same_silicon_as: the same die and memory), and says so (-2.7 % with the H100's shares, the same day).
    [InlineData("mlperf51-asus-h200nvl-llama2-70b-offline.yaml", -0.10, 0.10)]
    // Llama-2-70B on ASUSTeK's ESC N8, 8x H200 SXM with NVIDIA's v5.0 H200 engine settings in ASUSTeK's own config
    // (first run 2026-12-07): -6.1 %, met, as NVIDIA's own v5.0 run of the same settings reads (-5.9 %; -5.6 and -5.3 % with the
    // outputs' cv of 0.6 assumed before 2026-12-07; 35,075.1 tokens/s
    // here against 34,988.2 there): the later software holds its level on another vendor's chassis.
    [InlineData("mlperf51-asus-h200-llama2-70b-offline.yaml", -0.11, -0.01)]
    // Red Hat's vLLM 0.10 on one H100, Llama-3.1-8B FP8: +19.2 %, a gap. The steps are prefill-heavy (4,096 tokens,
    // 870.7-token prompts and 128 outputs: 87 % of the tokens are prompt tokens), so the dense FP8 GEMMs are 58 % of the
    // simulated time. What vLLM adds there and the model does not price: its FP8 path quantizes each linear layer's input
    // in a kernel of its own (TensorRT-LLM fuses it into the norm), and its V1 engine's per-step host work, priced at the
    // A100 vLLM 0.6 fit. With the KV cache BF16 instead of the submission's FP8 the same run reads -2.0 % (preempting,
    // KV-bound): the setting, not a tuning, decides it.
    [InlineData("mlperf51-redhat-vllm-h100-llama31-8b-offline.yaml", 0.14, 0.24)]
    // NVIDIA's own Blackwell pair of the round (first run 2026-12-06, ninth session; v5.0's B200 settings ASSUMED for both,
    // v5.1's configs not being in the index): 8x B200 +8.6 %, met since the Llama-2-70B outputs' cv of 0.72 (2026-12-07; +11.3 % with the 0.6 assumed
    // before; v5.0's software +11.5 %, +14.3 % before), and 4x GB200 +30.3 % (+31.4 %), a gap. The
    // GB200 is the same die at 1,200 W with its measured FP4 share 0.763 against the B200's 0.611, so the model runs it 1.20
    // times the B200 a GPU; the real one ran 1.019 times (A_GB200_serves_MLPerf_as_the_B200_does_a_GPU).
    [InlineData("mlperf51-b200-llama2-70b-offline.yaml", 0.04, 0.14)]
    [InlineData("mlperf51-gb200-llama2-70b-offline.yaml", 0.26, 0.37)]
    public void Offline_output_tokens_per_second(string file, double bandLow, double bandHigh)
    {
        var measured = Published.Figure(file, "output_tokens_per_s");
        var r = ScenarioRuns.Validation(file);
        _bands.Check($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), measured, 0.10, bandLow, bandHigh);
        _bands.AssertAllInBand();
    }

    [Fact]
    public void H200_NVL_server_at_the_measured_rate()
    {
        // ASUSTeK's 8x H200 NVL at 87.50 samples/s, 84 % of its own offline rate (first run 2026-12-06, a check). The step at
        // the measured operating point is 4 % short (OperatingPointStepTests); near the knee that reads a seventh short on
        // TPOT and the batch, and a third on the TTFT tail, which misses its criterion by 0.6 points. First run with the H100's
        // shares at the card's peaks: -21.2 / -20.9 / -40.0 / -20.0 %; since the same day's same_silicon_as, the H200 SXM's.
        // Little's law on the measurement: 87.50 / 8 x 35.355 s mean latency = 387 a card (the file's figure). Met: TPOT
        // -15.3 / -14.8 %, the batch -15.3 %; not met: p99 TTFT -36.2 % (-14.9 / -14.4 %, -13.9 %, -35.6 % with the outputs'
        // cv of 0.6 assumed before 2026-12-07).
        const string file = "mlperf51-asus-h200nvl-llama2-70b-server.yaml";
        _bands.ServerAtMeasuredRate("v5.1 H200 NVL server", file, ScenarioRuns.Validation(file), (-0.20, -0.10), (-0.19, -0.09), (-0.41, -0.30), (-0.19, -0.09));
        _bands.AssertAllInBand();
    }

    [Fact]
    public void One_H200_engine_at_two_rates_measured_one_median_TPOT_where_the_simulated_one_crosses_its_knee()
    {
        // ASUSTeK's ESC N8 (8x H200 SXM) submitted one engine (its config: NVIDIA's v5.0 H200 settings, the same for
        // both accuracy targets) at 116.81 samples/s (llama2-70b-99, 97 % of its offline rate) and at 99.16
        // (llama2-70b-99.9, 82 %), and measured median TPOT 187.0 and 182.4 ms: 18 % more rate, 2.5 % longer tokens,
        // 788 against 651 sequences a GPU by Little's law (first run 2026-12-07, checks). The simulated engine crosses
        // its knee between the two: at 99.16 it keeps up with steps of about 99 ms and half the batch (TPOT -46 %, the
        // first-token tail -52 %, the batch -46 %); at 116.81 it cannot (its capacity is about 113; 111 with the outputs' cv of
        // 0.6 assumed before 2026-12-07,
        // MlperfCapacityValidationTests): the queue grows for the whole run, its first tokens take tens of seconds and
        // its steps run full, 209 ms. The step at each measured operating point reads +2.8 % and -10.7 %
        // (OperatingPointStepTests): the busier step priced as measured, the quieter one not, where the real step
        // hardly shortened. So on this system the real TPOT is nearly flat over the last fifth of its capacity and the
        // model's is not (the same submitter's H200 NVL pair, below, has a knee as steep as the model's).
        const string busy = "mlperf51-asus-h200-llama2-70b-server.yaml";
        const string quiet = "mlperf51-asus-h200-llama2-70b-999-server.yaml";
        var q = ScenarioRuns.Validation(quiet);
        _bands.ServerAtMeasuredRate("v5.1 ASUSTeK H200 server at 99.16/s", quiet, q, (-0.51, -0.40), (-0.49, -0.38), (-0.58, -0.46), (-0.51, -0.40));
        var b = ScenarioRuns.Validation(busy);
        _bands.ServerAtMeasuredRate("v5.1 ASUSTeK H200 server at 116.81/s", busy, b, (0.06, 0.17), (0.03, 0.14), null, (0.0, 0.11));
        Assert.True(b.Classes[0].Ttft.ToSummary().P50 > 5, $"the simulated engine keeps up at 116.81 samples/s (median TTFT {b.Classes[0].Ttft.ToSummary().P50:F2} s): it was past its capacity");

        _bands.TpotRise("v5.1 ASUSTeK H200 median TPOT, 116.81 over 99.16 samples/s", busy, b, quiet, q, 1.025, 0.96, 1.08);   // 2.12 / 1.025: +106 % (2.09, +104 %, with cv 0.6)
        _bands.AssertAllInBand();
    }

    [Fact]
    public void One_H200_NVL_engine_at_two_rates_measured_a_knee_as_steep_as_the_simulated_one()
    {
        // ASUSTeK's ESC8000A-E12 (8x H200 NVL) submitted one engine at 87.50 samples/s (llama2-70b-99, 84 % of its offline
        // rate) and at 83.88 (llama2-70b-99.9, 80 %; first run 2026-12-07, checks): 4.3 % more rate, 19 % longer median
        // TPOT (124.1 against 104.3 ms), a knee. The simulated engine rises 15 % over the same step, a steady seventh short
        // at both rates: at 83.88 every latency criterion and the batch are met (TPOT -12.3 / -11.7 %, p99 TTFT -12.6 %,
        // the batch -13.7 %; -11.8 / -11.2 %, -11.2 %, -12.4 % with the outputs' cv of 0.6, before 2026-12-07). Beside the H200 SXM pair (One_H200_engine_at_two_rates...), whose measured TPOT hardly
        // moved over 18 % of rate, this one says the real knee can be as steep as the model's.
        const string busy = "mlperf51-asus-h200nvl-llama2-70b-server.yaml";
        const string quiet = "mlperf51-asus-h200nvl-llama2-70b-999-server.yaml";
        var q = ScenarioRuns.Validation(quiet);
        _bands.ServerAtMeasuredRate("v5.1 H200 NVL server at 83.88/s", quiet, q, (-0.17, -0.07), (-0.16, -0.06), (-0.16, -0.06), (-0.17, -0.07));
        _bands.TpotRise("v5.1 H200 NVL median TPOT, 87.50 over 83.88 samples/s", busy, ScenarioRuns.Validation(busy), quiet, q, 1.190, -0.09, 0.01);   // 1.15 / 1.19: -3.4 % (-3.5 %)
        _bands.AssertAllInBand();
    }

    [Fact]
    public void Red_Hat_vLLM_H100_Llama31_8B_server_at_the_measured_rate()
    {
        // At 39.64 scheduled samples/s the simulated H100 keeps up with steps a ninth short (a fifth before the fifteenth
        // session's Hopper attention floor: TPOT -21.5 / -3.8 %, p99 TTFT -76.8 %, the batch -26.2 %), so its TPOT reads
        // low, its batch small and its TTFT tail, which the real run held just under the 2 s limit, far lower: the pattern
        // of the other MLPerf server rows, where a few per cent of capacity decide the tail. The capacity at the SLOs is
        // within 10 % (MlperfCapacityValidationTests). TPOT -11.0 / -1.2 %, p99 TTFT -69.6 %, the batch -16.9 %.
        // Little's law on the measurement: 39.56 completed samples/s x 3.318 s mean latency = 131 (the file's figure).
        const string file = "mlperf51-redhat-vllm-h100-llama31-8b-server.yaml";
        _bands.ServerAtMeasuredRate("v5.1 Red Hat vLLM H100 8B server", file, ScenarioRuns.Validation(file), (-0.16, -0.06), (-0.06, 0.04), (-0.75, -0.65), (-0.22, -0.12));
        _bands.AssertAllInBand();
    }

    [Fact]
    public void A_GB200_serves_MLPerf_as_the_B200_does_a_GPU_where_the_model_runs_it_a_fifth_faster()
    {
        // The same round, software and settings on the same die: the real GB200 tray made 12,934 tokens/s a GPU, the real
        // B200s 12,691 (1.019). The model gives the GB200 its measured cuBLASLt FP4 share, 0.763 of 10 PF at 1,200 W,
        // against the B200's 0.611 of 9 PF at 1,000 W: 1.39 times the GEMM rate, 1.20 times a GPU. TensorRT-LLM 1.0's
        // performance overview (Llama 3.3 70B, NVFP4, TP1) has the GB200 at 1.11 times the B200 at 1000/1000, where the
        // model's 1.13 agrees (trtllm-pytorch-llama33-70b-*.yaml): so what holds the MLPerf GB200 run to the B200's rate
        // is not in the model, a known gap held to its band.
        var b200 = ScenarioRuns.Validation("mlperf51-b200-llama2-70b-offline.yaml");
        var gb200 = ScenarioRuns.Validation("mlperf51-gb200-llama2-70b-offline.yaml");
        var simulated = gb200.Overall.OutputTokensPerSecond(gb200.MeasuredSeconds) / 4 / (b200.Overall.OutputTokensPerSecond(b200.MeasuredSeconds) / 8);
        var measured = Published.Figure("mlperf51-gb200-llama2-70b-offline.yaml", "output_tokens_per_s") / 4
                       / (Published.Figure("mlperf51-b200-llama2-70b-offline.yaml", "output_tokens_per_s") / 8);
        Assert.Equal(1.019, measured, 3);
        _bands.Check("GB200 over B200 a GPU", simulated, measured, 0.10, 0.13, 0.23);
        _bands.AssertAllInBand();
    }
}
