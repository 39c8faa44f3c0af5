using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Model.Runs;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: MLPerf Inference v4.1 closed results that no factor of any stack was fitted on
/// (scenarios/validation/, each file's header gives the source and the assumptions). Each figure is asserted
/// against the criterion where the model meets it, and otherwise against the band it is in today (the
/// measured error, about five points either side), so that a change in either direction is seen; the README's
/// accuracy section lists the same figures. Prompt and output lengths come from the datasets
/// (scenarios/traces/mlperf/), the trtllm-fp8 factors from kernel and single-request measurements, and the H200's and
/// MI300X's from the H100's by the parts' measured matmul and bandwidth shares: no factor was fitted on any MLPerf row. One
/// caveat, stated: the step model's form (the weight stream added to the GEMMs' arithmetic rather than hidden under
/// it) was chosen between two candidates with the H200 server row in view, so that row is weaker evidence.
/// </summary>
public sealed class MlperfV41ValidationTests(ITestOutputHelper output)
{
    private readonly ErrorBands _bands = new(output);

    private void Check(string what, double simulated, double measured, double criterion, double bandLow, double bandHigh)
        => _bands.Check(what, simulated, measured, criterion, bandLow, bandHigh);

    private void AssertAllInBand() => _bands.AssertAllInBand();

    /// <summary>A measured latency of <paramref name="file"/>, in ms, as its measured section holds it (clustersim accuracy reads the same).</summary>
    private static double Ms(string file, string figure) => Published.Figure(file, figure) * 1e3;

    [Theory]
    // file, measured output tokens/s, known band of the error. Each file runs loadgen's own sample count (2026-12-05; four
    // passes of the sample set before, whose ramp-up and drain read every row 1 to 9 % slower: figures in brackets). Since
    // 2026-12-06 the NVIDIA rows run the harness's own dispatch (TP1: one shared queue the GPUs pull from; TP2: spread
    // by count) and whole prompts: the TP1 rows 0.4 to 1.2 points faster, their drain shorter.
    [InlineData("mlperf41-h200-llama2-70b-offline.yaml", -0.10, 0.10)]        // +4.8 %: met (+5.3 % with the Llama-2-70B outputs' cv of 0.6 assumed before 2026-12-07; +4.7 % with round-robin dispatch and prompt chunks, before 2026-12-06; +6.2 % before the residual stream counted 10 x hidden, 2026-12-05; +5.0 % with four passes; +5.1 % before the vocab tables were kept BF16; +5.9 % before the measured bandwidth and FP8 matmul shares; +3.6 % while the memory efficiency paid the GEMM launch twice)
    // The same H200s with a custom thermal solution (board limit ASSUMED 1,000 W), batch 784: -6.1 % (-5.6 % with the outputs'
    // cv of 0.6; -6.1 % before 2026-12-06), within the criterion but a known gap on the other side of the air-cooled row's +4.8 %: the real part ran 11.4 % faster on the same
    // engine, the model not at all (its efficiencies hold the clocks of 700 W boards; the run says so). First run 2026-12-05.
    [InlineData("mlperf41-h200-cts-llama2-70b-offline.yaml", -0.111, -0.011)]
    // One GH200 Grace Hopper Superchip 144GB (H100 die, HBM3e at 4.9 TB/s; catalog entry and row first run 2026-12-05):
    // +3.2 %, met (+3.6 % with the outputs' cv of 0.6), with the H100 entry moved by the part's bandwidth (no GH200 fit, no measured GH200 share).
    [InlineData("mlperf41-gh200-llama2-70b-offline.yaml", -0.10, 0.10)]
    [InlineData("mlperf41-h200-mixtral-8x7b-offline.yaml", -0.10, 0.10)]      // +5.3 %: met (+5.8 % with prompts and outputs drawn apart, before 2026-12-07; +5.4 % before 2026-12-06; +6.4 % before the MoE expert outputs were counted, +8.0 % before the residual stream counted 10 x hidden; +2.8 % with four passes; GIGABYTE's H200 system, first run 2026-12-04)
    [InlineData("mlperf41-h100-mixtral-8x7b-offline.yaml", -0.10, 0.10)]      // -0.5 %: met since each prompt keeps its own output (2026-12-07: paired, the prompts held through the decodes are longer, since MBXP's short prompts have short answers, and the 80 GB part's cache binds; +4.9 % drawn apart; +3.7 % before 2026-12-06; +4.8 % before the MoE expert outputs were counted, +6.5 % before the residual stream counted 10 x hidden; -2.4 % with four passes; -1.3 % before the vocab tables were kept BF16, which leaves less KV cache; was +42 % with assumed 200-token prompts; -3.1 % while the launch was paid twice)
    // -10.3 %: NOT met, by 0.3 point, since the Llama-2-70B outputs' cv of 0.72 (2026-12-07: Mixtral's own outputs on the
    // same OpenOrca prompts, where 0.6 had been ASSUMED), whose longer tail lengthens the run's drain; -9.9 %, met by 0.1
    // point, since 2026-12-06's engine generation: AMD's 2024 vLLM is the V0 engine, one step a round
    // (multi-step scheduling came with vLLM 0.6.0, after this round), so it pays V0's host work a sequence every step,
    // 87 us a round from the A100 V0 fit, where the part's own entry, fitted on vLLM 0.10's V1 (two of AMD's 2025 rocm/vllm
    // 70B TP8 rows, not this one), charged 27.1 (EngineHostCost). Before: +7.4 % (+7.8 % before the residual stream counted
    // 10 x hidden, with the cost per sequence refitted; +8.6 % with four passes of 24,576; +8.7 % before the vocab tables
    // were kept BF16); with the H100 TensorRT-LLM FP8 entry moved by the parts' shares +18.2 % (+20.9 % before the measured
    // bandwidth and FP8 matmul shares, +17.0 % while the memory efficiency paid the GEMM launch twice). Its FP8 GEMMs are
    // not a cause (Azure's hipBLASLt FP8 8192^3, 1,159 TFLOP/s, is within 2 % of the derived 1,179). The -4.1 % this row
    // showed before 2026-12 came from an assumed max-num-seqs of 2,048, whose KV overflow (90,121 recompute preemptions)
    // ate the excess. The harness runs its offline engine eager (--enforce-eager), which the model does not price. The
    // form on a V1-fitted entry (the larger of the two costs; the sum gave -15.9 %) was chosen with this row in view.
    [InlineData("mlperf41-mi300x-llama2-70b-offline.yaml", -0.15, -0.05)]
    public void Offline_output_tokens_per_second(string file, double bandLow, double bandHigh)
    {
        var measured = Published.Figure(file, "output_tokens_per_s");
        var r = ScenarioRuns.Validation(file);
        Check($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), measured, 0.10, bandLow, bandHigh);
        AssertAllInBand();
    }

    [Fact]
    public void H200_server_at_the_measured_rate_latency_and_batch()
    {
        const string file = "mlperf41-h200-llama2-70b-server.yaml";
        var r = ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        Check("H200 server p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms(file, "tpot_p50"), 0.25, -0.22, -0.12);    // -17.1 %: met (-16.7 % with the outputs' cv of 0.6, before 2026-12-07; -20.9 % before the residual stream counted 10 x hidden; -15.9 % while the launch was paid twice)
        Check("H200 server p99 TPOT ms", c.Tpot.ToSummary().P99 * 1e3, Ms(file, "tpot_p99"), 0.35, -0.25, -0.14);    // -19.7 %: met (-19.4 % with cv 0.6; -21.9 % before 2026-12-06's harness queue and whole prompts; -26.2 %; -21.5 %)
        Check("H200 server p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms(file, "ttft_p99"), 0.35, -0.22, -0.11);      // -16.9 %: met (-16.0 % with cv 0.6; -16.4 %; -21.1 %; -20.6 % before the vocab tables were kept BF16; -17.4 %)
        // Little's law on the measurement: 100.35 / 8 req/s per GPU x (181 ms + 290 tokens x 124.3 ms) = 454.
        Check("H200 server running sequences per replica", r.TextReplicas.Average(x => x.MeanRunning), Published.Figure(file, "requests_in_system_per_replica"), 0.25, -0.24, -0.13);     // -18.6 %: met (-17.4 % with cv 0.6; -17.6 %; -21.9 %; -25.1 % before the measured shares, -17.2 % while the launch was paid twice)
        AssertAllInBand();
    }

    [Fact]
    public void GH200_server_at_the_measured_rate_latency_and_batch()
    {
        // First run 2026-12-05, with the catalog's new gh200 entry; nothing set from it. The H200 row's pattern again: the
        // real server (95 % of its offline rate) runs longer steps over more sequences than the simulated one, whose
        // offline rate is right (+3.6 %).
        const string file = "mlperf41-gh200-llama2-70b-server.yaml";
        var r = ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        Check("GH200 server p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms(file, "tpot_p50"), 0.25, -0.32, -0.22);   // -27.3 %: not met, by 2.3 points (-26.7 % with cv 0.6, before 2026-12-07)
        Check("GH200 server p99 TPOT ms", c.Tpot.ToSummary().P99 * 1e3, Ms(file, "tpot_p99"), 0.35, -0.29, -0.19);   // -24.6 %: met (-24.1 %)
        Check("GH200 server p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms(file, "ttft_p99"), 0.35, -0.28, -0.18);   // -23.4 %: met (-23.1 % with cv 0.6; -17.6 % with 2,048-token prefill chunks, before 2026-12-06)
        // Little's law on the measurement: 13.3339 req/s x (264.2 ms + 294.45 tokens x 164.1 ms) = 648.
        Check("GH200 server running sequences", r.TextReplicas.Average(x => x.MeanRunning), Published.Figure(file, "requests_in_system_per_replica"), 0.25, -0.34, -0.24);   // -29.3 %: not met (-28.1 % with cv 0.6)
        AssertAllInBand();
    }

    [Fact]
    public void Mixtral_server_at_the_measured_rate_latency_and_batch()
    {
        const string file = "mlperf41-h100-mixtral-8x7b-server.yaml";
        var r = ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        Check("Mixtral server p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms(file, "tpot_p50"), 0.25, -0.37, -0.26);   // -30.9 %: gap (-31.4 % with prompts and outputs drawn apart, before 2026-12-07; -34.5 % before 2026-12-06's harness queue and whole prompts; -35.6 % before the MoE expert outputs were counted, -37.9 % before the residual stream counted 10 x hidden; -34.5 % while the launch was paid twice)
        Check("Mixtral server p99 TPOT ms", c.Tpot.ToSummary().P99 * 1e3, Ms(file, "tpot_p99"), 0.35, -0.35, -0.28);   // -32.5 %: met (-32.9 % drawn apart; -40.2 % before 2026-12-06's harness queue and whole prompts; -41.4 %; -43.1 %; -40.6 %)
        // -28.5 %: met. A tail near capacity moves several times as far as the step: it went from -30 % to -37 % when the
        // embedding lookup stopped counting as a GEMM (2 % fewer FLOPs per token), to -26 % when the GEMMs' rate came to
        // depend on their inner dimension K, to -29 % (met) with the GEMM launch cost (32 layers pay less fixed time per
        // step than the 80 of the 70B model the overhead was fitted on), and to -42 % when the memory efficiency stopped
        // paying that launch a second time (the weight and KV streams 8 % faster; all 2026-12-04), to -33.5 % (met) when
        // the residual stream came to count 10 x hidden a layer and to -28.5 % when the experts' outputs were counted
        // (both 2026-12-05). -58.9 % since 2026-12-06, not met: with the harness's shared queue and whole prompts within the
        // engine's 16,384 tokens a step (2,048-token chunks before, which queued bursts of prompts on one replica) the
        // simulated tail is 2.5 times its median, where the measured one is 4.1 times, and it stays 2.5 with the steps
        // lengthened to the measured TPOT (compute efficiency 0.60: 615 sequences, KV 69 % full): a cause not known.
        Check("Mixtral server p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms(file, "ttft_p99"), 0.35, -0.64, -0.54);
        // 348.06 / 8 x (154 ms + 145 tokens x 102.8 ms) = 655.
        Check("Mixtral server running sequences per replica", r.TextReplicas.Average(x => x.MeanRunning), Published.Figure(file, "requests_in_system_per_replica"), 0.25, -0.37, -0.27);     // -32.1 %: gap (-32.4 % drawn apart; -35.6 % before 2026-12-06; -37.1 %; -39.1 %; -35.8 % while the launch was paid twice)
        AssertAllInBand();
    }

    [Fact]
    public void Mixtral_on_H200_server_at_the_measured_rate_latency_and_batch()
    {
        // GIGABYTE's H200 system (NVIDIA's harness, its own published config), first run 2026-12-04: offline +2.8 % and
        // capacity +7.8 % (both met), but at the measured rate, 96 % of its offline throughput, the simulated replicas
        // keep the short steps of a system with headroom, as on the DGX-H100: the same gap, a second time.
        const string file = "mlperf41-h200-mixtral-8x7b-server.yaml";
        var r = ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        Check("Mixtral H200 server p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms(file, "tpot_p50"), 0.25, -0.63, -0.53);   // -58.0 %: gap (-58.2 % with prompts and outputs drawn apart, before 2026-12-07; -60.5 % before 2026-12-06's harness queue and whole prompts; -61.2 % before the MoE expert outputs were counted, -62.2 % before the residual stream counted 10 x hidden)
        Check("Mixtral H200 server p99 TPOT ms", c.Tpot.ToSummary().P99 * 1e3, Ms(file, "tpot_p99"), 0.35, -0.63, -0.53);   // -57.9 %: gap (-63.0 %; -63.6 %; -64.6 %)
        Check("Mixtral H200 server p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms(file, "ttft_p99"), 0.35, -0.66, -0.56);     // -61.1 %: not met since 2026-12-06 (-30.6 %, met, with 2,048-token prefill chunks; -34.7 %; -43.2 %): see the DGX-H100 row
        // 391.77 / 8 x (231 ms + 143.84 tokens x 149.5 ms) = 1,064.
        Check("Mixtral H200 server running sequences per replica", r.TextReplicas.Average(x => x.MeanRunning), Published.Figure(file, "requests_in_system_per_replica"), 0.25, -0.64, -0.53);   // -58.4 %: gap (-58.5 % drawn apart; -60.8 %; -61.6 %; -62.7 %)
        AssertAllInBand();
    }

    [Theory]
    // How many steps a request waits for its first token, the median TTFT over the median TPOT: a check of the serving
    // path (dispatch, admission, the prompt's step) that the step's own error cancels out of. NVIDIA's v4.1 harness
    // feeds TP1 engines from one shared queue, pulled before each step by whichever GPU gets there first, and measures
    // about 1.5 steps; its TP2 row, whose LoadGen rank hands each query to one engine as it arrives, 1.75 (the query
    // waits out that engine's step). Before 2026-12-06 (every row routed on arrival, prompts in 2,048-token chunks) the
    // TP1 rows read 1.89 (H200), 2.20 (Mixtral) and 2.22 (GIGABYTE): +30, +47 and +44 %. Weaker evidence on these v4.1
    // rows: the dispatch and batching came from the harness's code with nothing to choose, but their TTFTs were seen
    // while deciding to adopt them (the v5.0 rows, which nothing changed, are the clean checks: MlperfV50ValidationTests).
    [InlineData("calibration", "mlperf-llama2-70b-server.yaml", -0.03, 0.10)]                // 1.80 / 1.75: +3.1 %
    [InlineData("validation", "mlperf41-h200-llama2-70b-server.yaml", -0.05, 0.10)]          // 1.49 / 1.46: +2.3 %
    [InlineData("validation", "mlperf41-gh200-llama2-70b-server.yaml", -0.03, 0.10)]       // 1.68 / 1.61: +4.3 % (one GPU: nothing to pull from)
    [InlineData("validation", "mlperf41-h100-mixtral-8x7b-server.yaml", -0.10, 0.10)]        // 1.49 / 1.50: -0.5 %
    [InlineData("validation", "mlperf41-h200-mixtral-8x7b-server.yaml", -0.10, 0.10)]        // 1.52 / 1.55: -1.6 %
    // Supermicro's runs of NVIDIA's DGX-H100 configurations (first run 2026-12-07): its TP2 Llama-2-70B engine and its
    // TP1 Mixtral engine on other hosts, each file as written (the AS-4125GS and SYS-421GE runs).
    [InlineData("validation", "mlperf41-supermicro-h100-llama2-70b-server.yaml", -0.05, 0.08)]     // 1.79 / 1.76: +1.2 %
    [InlineData("validation", "mlperf41-supermicro-h100-mixtral-8x7b-server.yaml", -0.13, -0.02)]  // 1.48 / 1.60: -7.0 %
    // NVIDIA's H200 configuration on Lenovo's system (first run 2026-12-07).
    [InlineData("validation", "mlperf41-lenovo-h200-llama2-70b-server.yaml", -0.05, 0.12)]     // 1.46 / 1.39: +5.3 %
    public void The_first_token_takes_as_many_steps_as_measured(string folder, string file, double bandLow, double bandHigh)
    {
        var (ttftP50Ms, tpotP50Ms) = (Ms(file, "ttft_p50"), Ms(file, "tpot_p50"));
        var r = folder == "calibration" ? ScenarioRuns.Calibration(file) : ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        Check($"{file} p50 TTFT in p50 TPOTs", c.Ttft.ToSummary().P50 / c.Tpot.ToSummary().P50, ttftP50Ms / tpotP50Ms, 0.10, bandLow, bandHigh);
        AssertAllInBand();
    }

    [Fact]
    public void MI300X_server_at_the_measured_rate_latency_and_batch()
    {
        const string file = "mlperf41-mi300x-llama2-70b-server.yaml";
        var r = ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        // The harness's batcher (96 queries or 0.3 s, scenario front_batcher) puts 150 to 300 ms before every prefill:
        // TTFT within the criterion since 2026-12 (it was -85 % with requests routed one by one). TPOT and the batch within
        // theirs since 2026-12-06: AMD's 2024 vLLM is the V0 engine at one step a round and pays V0's host work a sequence
        // every step (EngineHostCost: 87 us, from the A100 V0 fit, where the part's V1 fit charged 27.1), the cost that made
        // the server's step short at its small batches (operating-point step -13.6 %, now +2.4 %). Nothing set from this row,
        // but the form that charges a V0 engine on the V1-fitted entry (the larger of the two costs, not their sum, which
        // put the offline row at -15.9 %) was chosen with it in view: weaker evidence for that form (README, Known gaps).
        Check("MI300X server p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms(file, "tpot_p50"), 0.25, 0.02, 0.13);   // +7.5 %: met (+11.1 % with cv 0.6, before 2026-12-07; -53.5 % before the engine generation; -54.0 % before the residual stream counted 10 x hidden; -57.5 % with the moved TensorRT-LLM entry)
        Check("MI300X server p99 TPOT ms", c.Tpot.ToSummary().P99 * 1e3, Ms(file, "tpot_p99"), 0.35, -0.06, 0.05);   // -0.1 %: met (+3.6 %; -56.7 %; -57.5 %; -62.2 %)
        Check("MI300X server p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms(file, "ttft_p99"), 0.35, -0.20, -0.09);    // -14.0 %: met (-14.0 %; -16.1 %; -17.1 %; -18.2 %)
        // 71.74 / 8 x (990 ms + 290 tokens x 143.9 ms) = 383.
        Check("MI300X server running sequences per replica", r.TextReplicas.Average(x => x.MeanRunning), Published.Figure(file, "requests_in_system_per_replica"), 0.25, -0.02, 0.09);     // +3.4 %: met (+7.2 %; -53.0 %; -53.6 %; -57.0 %)
        AssertAllInBand();
    }

    [Fact]
    public void Runs_name_the_efficiency_entry_and_derivation_of_every_deployment()
    {
        // The provenance travels from the set-up into the result (summary.json reads it there); a short run will do.
        // The MI300X rows run the part's own vLLM entry, measured at BF16 and moved to FP8 by the part's own shares.
        var own = Assert.Single(ScenarioRuns.Validation("mlperf41-mi300x-llama2-70b-server.yaml", "run.duration=20s").Execution);
        Assert.Equal("mi300x/vllm", own.Entry);
        Assert.Contains("AMD rocm/vllm 0.10.2", own.FittedOn);
        Assert.Contains("batch-1 latency (all-reduce step latency)", own.FittedOn);
        Assert.Contains("compute efficiency measured at bf16, run at fp8: x 0.867", own.Derivation);

        // Another vendor's stack moves across by the two parts' measured shares, and says it is an assumption.
        var r = ScenarioRuns.Validation("mlperf41-mi300x-llama2-70b-server.yaml", "run.duration=20s", "execution_model.stack=trtllm-fp8");
        var e = Assert.Single(r.Execution);
        Assert.Equal("h100-sxm/trtllm-fp8", e.Entry);
        Assert.Equal("mi300x", e.Accelerator);
        Assert.Contains("no mi300x/trtllm-fp8 fit", e.Derivation);
        Assert.Contains("another vendor", e.Derivation);
        Assert.Contains("maximum achievable matmul", e.FittedOn);
        Assert.Contains("compute efficiency x 0.635, the ratio of the measured FP8 matmul shares", e.Derivation);
        Assert.Contains("memory efficiency x 0.895", e.Derivation);
        Assert.Contains(r.Notes, n => n.Contains("efficiency entry h100-sxm/trtllm-fp8", StringComparison.Ordinal));
        Assert.Contains(r.Notes, n => n.Contains("front batcher hands its requests to replicas in groups of up to 96, each waiting at most 300 ms counted from the previous group's dispatch", StringComparison.Ordinal));
    }
}
