using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: MLPerf Inference v5.0 closed results for Llama-2-70B, Mixtral-8x7B and Llama-3.1-405B (scenarios/validation/
/// mlperf50-*.yaml, each file's header gives the source and the assumptions), a round after the v4.1 rows, with newer
/// engines and new layouts: the H100 as pipeline parallelism (two stages per replica), the H200 with a batch of 2,048,
/// the B200 in NVFP4, AMD's MI325X, and NVIDIA's own Mixtral runs on H200 and B200. No factor of any stack was set from
/// them. Stated plainly, two rows are weaker evidence than the others. The H100 row was run first with GPipe's fill and
/// drain per iteration (16.5k tok/s, -47 %), which is how the pipeline's form was found wrong, and the two pipeline
/// changes (a continuous pipeline; the engine's limits per micro-batch) were chosen with it in view, on the engines'
/// documented behaviour rather than on its figure. The H200 Mixtral row (+21.9 % when first run) is why mixed-precision
/// checkpoints were modelled; their figures come from the submitter's config and the catalog, none from the row. The
/// Llama-2-70B H200, B200 and MI325X rows and the B200 Mixtral row were first run after those changes and nothing was
/// changed after them, as were the three Llama-3.1-405B rows (2026-12-06, thirteenth session). Each figure is held to the criterion where met and to the band it is in otherwise.
/// </summary>
public sealed class MlperfV50ValidationTests(ITestOutputHelper output)
{
    private readonly ErrorBands _bands = new(output);

    private void Check(string what, double simulated, double measured, double criterion, double bandLow, double bandHigh)
        => _bands.Check(what, simulated, measured, criterion, bandLow, bandHigh);

    private void AssertAllInBand() => _bands.AssertAllInBand();

    /// <summary>A measured latency of <paramref name="file"/>, in ms, as its measured section holds it (clustersim accuracy reads the same).</summary>
    private static double Ms(string file, string figure) => Published.Figure(file, figure) * 1e3;

    [Theory]
    // file, measured output tokens/s, band of the error
    // file, measured output tokens/s, band of the error. Each file runs loadgen's own sample count (2026-12-05; four passes
    // of the sample set before, whose ramp-up and drain read the rows 3 to 11 % slower than the same engine at loadgen's length).
    [InlineData("mlperf50-h100-llama2-70b-offline.yaml", -0.10, 0.10)]   // -9.0 %: met (-8.4 % with the Llama-2-70B outputs' cv of 0.6 assumed before 2026-12-07; -6.9 % before the residual stream counted 10 x hidden, 2026-12-05; -8.4 % with four passes; -47 % with GPipe's fill and drain per iteration; -22 % with the batch limits per iteration instead of per micro-batch)
    [InlineData("mlperf50-h200-llama2-70b-offline.yaml", -0.10, 0.10)]   // -5.9 %: met (-5.3 % with cv 0.6; -4.0 % before the residual stream counted 10 x hidden; -5.4 % with four passes)
    [InlineData("mlperf50-mi325x-llama2-70b-offline.yaml", -0.10, 0.00)] // -5.2 %: met (-4.7 % with cv 0.6; -4.4 % before the residual stream counted 10 x hidden; -5.6 %; engine settings ASSUMED as AMD's v4.1 harness; no MI325X fit: the MI300X vLLM entry moved by the BF16 matmul shares)
    [InlineData("mlperf50-b200-llama2-70b-offline.yaml", 0.065, 0.165)]    // +11.5 % (+14.3 % with cv 0.6; +13.4 % before its measured bandwidth share, 2026-12-05): gap, since the B200's measured FP4 matmul share (cuBLASLt NVFP4, 61.1 % of peak) prices its NVFP4 GEMMs (+20.5 % before, with the H100's FP8 share standing at the FP4 peak; +24.1 % before the residual stream counted 10 x hidden; +19.1 % with four passes); as NVIDIA's TensorRT-LLM 1.0 B200 rows
    // +13.2 %: gap, first run 2026-12-05 at +15.7 % (+14.2 % when the residual stream came to count 10 x hidden, +13.2 % with the MoE expert outputs counted; +21.9 % before its checkpoint's BF16 share was priced, +5.8 % with four passes,
    // whose drain hid it). Mixtral on Hopper is fast in every round: the v4.1 DGX-H100 and GIGABYTE H200 rows +6.5 and
    // +8.0 % with recompute preemptions taking some of it back, this one, whose 9,216-token budget leaves the KV cache room
    // (no preemption), by a sixth. See the server row below.
    [InlineData("mlperf50-h200-mixtral-8x7b-offline.yaml", 0.08, 0.18)]
    // +22.1 %: gap, first run 2026-12-05 at +34.3 % (+31.8 % when the residual stream came to count 10 x hidden, +30.2 % with the MoE expert outputs counted,
    // +22.1 % with the B200's measured FP4 matmul share; +34.1 % with 2,000,000 of loadgen's 2,323,200 samples, before run.max_in_flight
    // let all of them in). Two known gaps at once: the B200's FP8 GEMMs (81 % of this checkpoint's weights) still priced
    // without a measured B200 FP8 share (at the FP4 share's rate times the peaks' ratio), and a Mixtral step about 8 % short (the H200 rows).
    // The checkpoint is AutoQuantize NVFP4 at 7.25 effective bits: 81 % of the layer weights FP8 (mixed_weights).
    [InlineData("mlperf50-b200-mixtral-8x7b-offline.yaml", 0.17, 0.27)]
    // Llama-3.1-405B, prompts of 9,429 tokens on average (first run 2026-12-06, thirteenth session, after every factor was
    // set; NVIDIA's own v5.0 engine settings, TP4 x PP2 on the H200s, two TP2 x PP2 replicas on the B200s). The H200 row
    // meets its criterion (-1.1 %); the B200 in NVFP4 reads fast as its Llama-2-70B rows do (+29.6 %, a Blackwell gap).
    [InlineData("mlperf50-h200-llama31-405b-offline.yaml", -0.10, 0.10)]   // -1.5 %: met (-1.1 % with prompts and outputs drawn apart, before 2026-12-07)
    [InlineData("mlperf50-b200-llama31-405b-offline.yaml", 0.25, 0.35)]    // +30.3 %: gap (+29.6 % drawn apart)
    public void Offline_output_tokens_per_second(string file, double bandLow, double bandHigh)
    {
        var measured = Published.Figure(file, "output_tokens_per_s");
        var r = ScenarioRuns.Validation(file);
        Check($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), measured, 0.10, bandLow, bandHigh);
        AssertAllInBand();
    }

    /// <summary>
    /// Little's law on a measurement: requests per second per GPU x (median TTFT + (mean output - 1) x median TPOT), with
    /// the reference's mean output tokens per sample: 294.45 for Llama-2-70B's OpenOrca set, 144.84 for Mixtral's
    /// (scenarios/traces/mlperf). Every measured figure is the file's own (its measured rate, its capacity_rps, and its medians).
    private static double Little(string file, int gpus, double meanOutput = 294.45)
        => Published.Figure(file, MeasuredFigures.Capacity) / gpus * (Ms(file, "ttft_p50") + (meanOutput - 1) * Ms(file, "tpot_p50")) / 1e3;

    private const double MixtralMeanOutput = 144.84;

    [Fact]
    public void H200_server_at_the_measured_rate_latency_and_batch()
    {
        // Every criterion was met until the residual stream came to count 10 x hidden a layer (2026-12-05): -2.9 / +1.2 /
        // -8.6 / -7.1 %. That change made the operating-point step 1.4 points longer (+0.4 to +1.8 %, OperatingPointStepTests),
        // and the measured rate, 97 % of the measured offline rate, now sits at the simulated knee: the TPOT and the batch
        // move by 10 points, the TTFT tail by 77. The criterion on p99 TTFT is not met; the row shows how little step error a
        // tail at the knee allows (the capacity, not the tail, is the figure a planner can trust here). Since the outputs' cv
        // of 0.72 (2026-12-07; 0.6 ASSUMED before): +6.8 / +11.0 %, +50.7 %, +0.4 % (+8.0 / +12.1 %, +68.6 %, +2.8 %).
        const string file = "mlperf50-h200-llama2-70b-server.yaml";
        var r = ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        Check("v5.0 H200 server p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms(file, "tpot_p50"), 0.25, 0.02, 0.12);      // +6.8 %: met
        Check("v5.0 H200 server p99 TPOT ms", c.Tpot.ToSummary().P99 * 1e3, Ms(file, "tpot_p99"), 0.35, 0.06, 0.16);      // +11.0 %: met
        Check("v5.0 H200 server p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms(file, "ttft_p99"), 0.35, 0.40, 0.62);        // +50.7 %: NOT met (at the knee)
        Check("v5.0 H200 server running sequences per replica", r.TextReplicas.Average(x => x.MeanRunning),
            Little(file, 8), 0.25, -0.05, 0.06);                                               // +0.4 %: met
        AssertAllInBand();
    }

    [Fact]
    public void Dell_H200_server_at_its_measured_rate_meets_every_criterion()
    {
        // A check, first run 2026-12-06 (thirteenth session) after every factor was set: Dell's submission of the same
        // configuration as the NVIDIA row above (its server config repeats NVIDIA's class: batch 2,048, 1,536 tokens a
        // step), at nearly the same rate (112.88 against 113.04 samples/s completed). Every criterion is met. The two real
        // runs of one configuration land 5.1 % apart on median TPOT (182.1 against 173.3 ms) and 23 % on p99 TTFT (1,158
        // against 938 ms), where the model gives the two rates 1 % apart: near the knee, a tail this far apart between two
        // submissions is the spread a simulated tail can be held to.
        const string file = "mlperf50-dell-h200-llama2-70b-server.yaml";
        // p50 / p99 TPOT +0.5 / +5.1 %, p99 TTFT +6.8 %, running sequences -3.3 %: all met (+1.6 / +6.2 %, +24.2 %, -1.0 %
        // with the outputs' cv of 0.6 assumed before 2026-12-07)
        _bands.ServerAtMeasuredRate("v5.0 Dell H200 server", file, ScenarioRuns.Validation(file),
            tpotP50: (-0.05, 0.06), tpotP99: (0.0, 0.11), ttftP99: (-0.05, 0.35), inFlight: (-0.08, 0.03));
        AssertAllInBand();
    }

    [Fact]
    public void Dell_H200_Mixtral_server_at_its_lower_rate_keeps_the_Mixtral_step_gap()
    {
        // A check, first run 2026-12-06 (thirteenth session) after every factor was set: Dell's submission of NVIDIA's H200
        // Mixtral engine (batch 3,072, 8,192 tokens a step) at 403.80 samples/s, 5.6 % below NVIDIA's 427.58. The same gap
        // as NVIDIA's row (the Mixtral step priced about 8 % short at its operating point, OperatingPointStepTests), a little
        // smaller away from the knee. The two rows together are one engine at two rates: the measured median TPOT rose 1.34
        // times from Dell's rate to NVIDIA's, the simulated one 1.23 times, its knee (its capacity, about 467 samples/s for
        // both) further off.
        const string file = "mlperf50-dell-h200-mixtral-8x7b-server.yaml";
        var r = ScenarioRuns.Validation(file);
        // p50 TPOT -35.3 % (gap), p99 TPOT -34.4 % (met, by 0.6 points), p99 TTFT -33.3 % (met), running sequences -36.3 % (gap)
        _bands.ServerAtMeasuredRate("v5.0 Dell H200 Mixtral server", file, r,
            tpotP50: (-0.40, -0.30), tpotP99: (-0.40, -0.29), ttftP99: (-0.39, -0.28), inFlight: (-0.41, -0.30));
        const string nvidia = "mlperf50-h200-mixtral-8x7b-server.yaml";
        _bands.TpotRise("v5.0 H200 Mixtral median TPOT, NVIDIA's rate over Dell's", nvidia, ScenarioRuns.Validation(nvidia), file, r, 1.337, -0.13, -0.03);   // 1.23 / 1.34: -7.9 %
        AssertAllInBand();
    }

    [Fact]
    public void H200_405b_server_at_the_measured_rate_runs_slower_than_measured()
    {
        // A check, first run 2026-12-06 (thirteenth session) after every factor was set: Llama-3.1-405B at TP8 with
        // NVIDIA's server settings (64 sequences, 2,560 tokens a step), at 52 % of the same system's offline rate, where
        // every 9,429-token prompt takes about four chunk steps. The one MLPerf server row where the model is slow rather
        // than fast: its decode steps (about 16 sequences) carry the stack's 4.5 ms of fixed time a step and 8 ms of
        // all-reduces, and its chunk steps (343 ms at 2,560 tokens) 97 ms of all-reduces in series with the GEMMs, which
        // NVIDIA's H200 config overlaps through its GEMM + all-reduce plugin (not modelled). Run with that fixed time beside
        // the device (host_overlap 1), p50 TPOT reads +8.6 % and the batch +8.6 %, but the median first token stays +40 %:
        // the chunk steps. Held to the bands it is in.
        const string file = "mlperf50-h200-llama31-405b-server.yaml";
        var r = ScenarioRuns.Validation(file);
        // p50 / p99 TPOT +27.4 / +65.0 % (both NOT met), p99 TTFT +29.5 % (met), running sequences +22.2 % against Little's
        // 16.2 (met) since prompts and outputs are drawn as the dataset's pairs (2026-12-07; drawn apart: +27.9 / +33.0 %,
        // +14.0 %, +26.4 %). A ten-minute run at 0.45 a second holds about 270 requests, so its tails are a draw: seeds 1
        // to 4 give p50 TPOT +27 to +49 %, p99 TPOT +49 to +125 %, p99 TTFT +30 to +53 % and the batch +20 to +48 %.
        _bands.ServerAtMeasuredRate("v5.0 H200 405B server", file, r,
            tpotP50: (0.22, 0.33), tpotP99: (0.55, 0.75), ttftP99: (0.20, 0.40), inFlight: (0.17, 0.28));
        _bands.Shown("v5.0 H200 405B server p50 TTFT ms", r.Classes[0].Ttft.ToSummary().P50 * 1e3, Ms(file, "ttft_p50"), 0.37, 0.48);   // +42.8 %
        AssertAllInBand();
    }

    [Fact]
    public void H200_Mixtral_server_at_the_measured_rate_runs_with_a_sixth_of_headroom()
    {
        // A known gap, first run 2026-12-05: the measured rate is 99 % of the measured offline rate, so the real H200s ran
        // at their knee with 173 ms steps and about 1,350 sequences each (Little's law); the simulated ones, an eighth faster
        // at steady state (offline +13.2 %; +15.7 % when first run), serve the same rate with shorter steps and 40 % fewer
        // sequences. The same gap as the v4.1 Mixtral rows, now on NVIDIA's own v5.0 engine: not an old engine, a Mixtral
        // step priced about 8 % low (OperatingPointStepTests). Before the checkpoint's BF16 share was priced: -57 / -57 / -56 / -58 %.
        const string file = "mlperf50-h200-mixtral-8x7b-server.yaml";
        var r = ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        Check("v5.0 H200 Mixtral server p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms(file, "tpot_p50"), 0.25, -0.45, -0.35);   // -39.8 %: gap (-40.4 % with prompts and outputs drawn apart, before 2026-12-07; -42.8 % before the MoE expert outputs were counted, -45.9 % before the residual stream counted 10 x hidden)
        Check("v5.0 H200 Mixtral server p99 TPOT ms", c.Tpot.ToSummary().P99 * 1e3, Ms(file, "tpot_p99"), 0.35, -0.45, -0.35);   // -39.6 %: gap (-39.6 % drawn apart; -42.1 %; -45.4 %)
        Check("v5.0 H200 Mixtral server p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms(file, "ttft_p99"), 0.35, -0.46, -0.36);   // -40.7 %: gap (-41.4 % drawn apart; -43.3 %; -45.9 %)
        Check("v5.0 H200 Mixtral server running sequences per replica", r.TextReplicas.Average(x => x.MeanRunning),
            Little(file, 8, MixtralMeanOutput), 0.25, -0.47, -0.36);                                             // -41.0 %: gap (-41.5 % drawn apart; -43.7 %; -46.8 %)
        AssertAllInBand();
    }

    [Fact]
    public void The_v50_Mixtral_checkpoint_is_priced_as_the_mix_its_effective_bits_give()
    {
        // NVIDIA's Hopper Mixtral checkpoint: AutoQuantize FP8 at 8.75 effective bits, so 9.375 % of the layer weights BF16;
        // on an H200 their GEMMs take (1,978.9 x 0.690) / (989.4 x 0.803) = 1.72 times as long per FLOP (the measured
        // FP8 and BF16 matmul shares), and the weights are (params - vocab tables) x 1.09375 + the tables x 2 bytes.
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", "validation", "mlperf50-h200-mixtral-8x7b-server.yaml")));
        var model = (LlmModelSpec)ScenarioLoader.Load(RepoPaths.File("scenarios", "validation", "mlperf50-h200-mixtral-8x7b-server.yaml")).Model("mixtral-fp8");
        Assert.Equal(0.09375, model.Mixed!.Share, 12);
        var tables = 2.0 * model.VocabSize * model.HiddenSize;
        Assert.Equal((model.ParamsB * 1e9 - tables) * 1.09375 + tables * 2, model.WeightBytes, 1e-3);
        Assert.Contains(compiled.Notes, n => n.Contains("9.4 % of the layer weights stay bf16 beside fp8", StringComparison.Ordinal)
                                             && n.Contains("take 1.72 times as long per FLOP (h200-sxm's measured bf16 and fp8 matmul shares and peaks)", StringComparison.Ordinal));
    }

    [Fact]
    public void B200_Mixtral_server_at_the_measured_rate_runs_far_below_its_simulated_capacity()
    {
        // A known gap, first run 2026-12-05: a fifth too fast at steady state (offline +22.9 %, +22.1 % before its measured bandwidth share; +30.2 % before the B200's
        // measured FP4 matmul share, +34.1 % when first run), the simulated B200s serve the measured rate with 49 ms steps
        // where the real ones ran 111 ms.
        const string file = "mlperf50-b200-mixtral-8x7b-server.yaml";
        var r = ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        Check("v5.0 B200 Mixtral server p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms(file, "tpot_p50"), 0.25, -0.62, -0.52);   // -56.9 %: gap (-55.4 % before the B200's measured bandwidth share, -63.2 % before the B200's measured FP4 matmul share, -64.4 % before the MoE expert outputs were counted, -65.8 % before the residual stream counted 10 x hidden)
        Check("v5.0 B200 Mixtral server p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms(file, "ttft_p99"), 0.35, -0.62, -0.52);   // -57.1 %: gap (-55.9 %; -63.1 %; -64.2 %; -65.7 %)
        Check("v5.0 B200 Mixtral server running sequences per replica", r.TextReplicas.Average(x => x.MeanRunning),
            Little(file, 8, MixtralMeanOutput), 0.25, -0.62, -0.52);                                              // -57.4 %: gap (-56.0 % before the B200's measured bandwidth share; -63.7 %; -64.8 %; -66.3 %)
        AssertAllInBand();
    }

    [Fact]
    public void H100_pipeline_server_at_the_measured_rate_is_just_past_the_simulated_capacity()
    {
        // A known gap, stated: the simulated capacity is under the measured rate (offline -8.4 %), so at that rate the
        // simulated replicas cannot keep up and the queue grows for the whole run; the served rate is the simulated
        // throughput. At the knee a few per cent of step time decide between 140 ms steps and an overload.
        const string file = "mlperf50-h100-llama2-70b-server.yaml";
        var r = ScenarioRuns.Validation(file);
        Check("v5.0 H100 PP2 server completed samples/s", r.Overall.ThroughputRps(r.MeasuredSeconds), Published.Figure(file, "throughput_rps"), 0.10, -0.10, -0.05);   // -8.3 % (-6.7 % before the residual stream counted 10 x hidden)
        AssertAllInBand();
    }

    [Fact]
    public void H200_interactive_server_at_the_measured_rate_runs_past_its_simulated_capacity()
    {
        // A known gap, first run 2026-12-05 after every factor was set: MLPerf v5.0's interactive limits (TTFT 450 ms,
        // TPOT 40 ms) make the H200 run about 83 sequences a GPU, where the model prices the step 20 % long
        // (OperatingPointStepTests: its fixed time a step, 5.9 ms, or its GEMMs' weight stream). At the measured rate the
        // simulated replicas therefore run longer steps with more sequences, and the TTFT tail doubles. The one family of
        // rows where the model is pessimistic; its capacity at these limits reads -25 % (MlperfCapacityValidationTests).
        const string file = "mlperf50-h200-llama2-70b-interactive-server.yaml";
        var r = ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        Check("v5.0 H200 interactive server p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms(file, "tpot_p50"), 0.25, 0.35, 0.45);     // +39.8 %: gap
        Check("v5.0 H200 interactive server p99 TPOT ms", c.Tpot.ToSummary().P99 * 1e3, Ms(file, "tpot_p99"), 0.35, 0.36, 0.47);     // +41.5 %: gap
        Check("v5.0 H200 interactive server p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms(file, "ttft_p99"), 0.35, 0.95, 1.40);    // +116 %: gap
        Check("v5.0 H200 interactive server running sequences per replica", r.TextReplicas.Average(x => x.MeanRunning),
            Little(file, 8), 0.25, 0.29, 0.41);                                                           // +35 %: gap
        AssertAllInBand();
    }

    [Fact]
    public void B200_interactive_server_at_the_measured_rate_runs_below_its_simulated_capacity()
    {
        // A known gap, first run 2026-12-05 after every factor was set: the B200's interactive step is priced 16 % short
        // (OperatingPointStepTests), as its other rows read fast, so at the measured rate it runs fewer sequences.
        const string file = "mlperf50-b200-llama2-70b-interactive-server.yaml";
        var r = ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        Check("v5.0 B200 interactive server p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms(file, "tpot_p50"), 0.25, -0.41, -0.31);    // -36.1 %: gap (-34.6 % before the B200's measured bandwidth share)
        Check("v5.0 B200 interactive server p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms(file, "ttft_p99"), 0.35, -0.56, -0.41);   // -49.3 %: gap (-48.5 %)
        Check("v5.0 B200 interactive server running sequences per replica", r.TextReplicas.Average(x => x.MeanRunning),
            Little(file, 8), 0.25, -0.42, -0.32);                                                          // -37.2 %: gap (-36 % before the B200's measured bandwidth share)
        AssertAllInBand();
    }

    [Theory]
    // The first token in steps (median TTFT over median TPOT; first run 2026-12-06), the check the v4.1 rows carry
    // (MlperfV41ValidationTests): these rows route each query on arrival to the engine with the fewest in flight, as
    // NVIDIA's later Python harness (harness_llm_py, 'load_balancing' in the Server scenario) does (which harness v5.0 ran
    // is ASSUMED: its code is not in the index), and the engines cut prompts into chunks that fill max_num_tokens. Where the simulated operating
    // point sits where the measured one does (H200, both Mixtral rows, the B200 interactive one) the ratio comes as
    // measured; where the step's error moves it far (the B200 server runs well below its simulated knee, the H200
    // interactive one past it) the queue moves the ratio with it, and those two are held to the bands they are in.
    [InlineData("mlperf50-h200-llama2-70b-server.yaml", 0.0, 0.10)]                   // 2.18 / 2.07: +5.2 %
    [InlineData("mlperf50-h200-mixtral-8x7b-server.yaml", -0.05, 0.05)]               // 1.87 / 1.88: -0.6 %
    [InlineData("mlperf50-b200-mixtral-8x7b-server.yaml", -0.05, 0.05)]               // 1.87 / 1.89: -1.2 %
    [InlineData("mlperf50-b200-llama2-70b-server.yaml", -0.43, -0.33)]                // 1.84 / 2.95: -37.8 %, a gap (below the knee)
    [InlineData("mlperf50-h200-llama2-70b-interactive-server.yaml", 0.36, 0.46)]      // 4.09 / 2.89: +41.3 %, a gap (past the knee)
    [InlineData("mlperf50-b200-llama2-70b-interactive-server.yaml", -0.10, 0.05)]     // 1.91 / 2.03: -6.1 %
    public void The_first_token_takes_as_many_steps_as_measured(string file, double bandLow, double bandHigh)
    {
        var (ttftP50Ms, tpotP50Ms) = (Ms(file, "ttft_p50"), Ms(file, "tpot_p50"));
        var c = ScenarioRuns.Validation(file).Classes[0];
        Check($"{file} p50 TTFT in p50 TPOTs", c.Ttft.ToSummary().P50 / c.Tpot.ToSummary().P50, ttftP50Ms / tpotP50Ms, 0.10, bandLow, bandHigh);
        AssertAllInBand();
    }

    [Fact]
    public void B200_server_at_the_measured_rate_runs_far_below_its_simulated_capacity()
    {
        // A known gap: the simulated B200 is a ninth too fast in NVFP4 (offline +11.5 %, +14.3 % with the outputs' cv of 0.6, +13.4 % before its measured bandwidth share; +20.5 % before its measured FP4
        // matmul share), so the measured rate loads it lightly and its steps stay short.
        const string file = "mlperf50-b200-llama2-70b-server.yaml";
        var r = ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        Check("v5.0 B200 server p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms(file, "tpot_p50"), 0.25, -0.55, -0.45);     // -50.0 %: gap (-47.0 % before the B200's measured bandwidth share; -62.0 % before the B200's measured FP4 matmul share; -66.5 % before the residual stream counted 10 x hidden)
        Check("v5.0 B200 server p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms(file, "ttft_p99"), 0.35, -0.91, -0.81);     // -86.0 %: gap (-85.4 % before the B200's measured bandwidth share; -89.1 % before the B200's measured FP4 matmul share; -90.2 %)
        AssertAllInBand();
    }
}
