using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Model.Runs;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// Whole-system runs against published measurements (shared/data/calibration.md section 4), from
/// the scenario files in scenarios/calibration/ through the same path as `clustersim run`. Each test
/// prints simulated against measured; the README's calibration table comes from these lines.
/// </summary>
public sealed class MeasuredServingTests(ITestOutputHelper output)
{
    private void Report(string what, double simulated, double measured, string unit)
        => output.WriteLine($"{what}: simulated {simulated:F2} {unit}, measured {measured:F2} {unit}, {100 * (simulated / measured - 1):+0.0;-0.0} %");

    /// <summary>One of SGLang's benchmark rows at <paramref name="rate"/>: its medians in ms, printed against the measured ones.</summary>
    /// <summary>
    /// The run's medians at <paramref name="rate"/> and the published ones, which are the file's measured row for the rate
    /// (clustersim accuracy reads the same).
    /// </summary>
    private (double E2e, double Ttft, double Tpot, double E2eMs, double TtftMs, double TpotMs) OnlineMedians(string engine, string file, int rate, int prompts)
    {
        var row = $"{rate} req/s";
        var (e2eMs, ttftMs, tpotMs) = (Published.Figure(file, row, "e2e_p50") * 1e3, Published.Figure(file, row, "ttft_p50") * 1e3, Published.Figure(file, row, "tpot_p50") * 1e3);
        var c = ScenarioRuns.Calibration(file, $"workloads.sharegpt.arrival.rate={rate}", $"run.requests={prompts}").Classes[0];
        Assert.Equal(prompts, c.Completed);
        var medians = (c.E2e.ToSummary().P50 * 1e3, c.Ttft.ToSummary().P50 * 1e3, c.Tpot.ToSummary().P50 * 1e3);
        Report($"{engine} {rate} req/s median E2E", medians.Item1, e2eMs, "ms");
        Report($"{engine} {rate} req/s median TTFT", medians.Item2, ttftMs, "ms");
        Report($"{engine} {rate} req/s median TPOT", medians.Item3, tpotMs, "ms");
        return (medians.Item1, medians.Item2, medians.Item3, e2eMs, ttftMs, tpotMs);
    }

    /// <summary>
    /// A CHECK since 2026-12 (it used to set the trtllm-fp8 compute efficiency, which now comes from the H100's FP8
    /// matmul measurement): criterion ±10 %, measured +6.5 % at loadgen's 200,640 samples since the outputs' cv is 0.72 (2026-12-07;
    /// +7.0 % with the 0.6 ASSUMED before, whose shorter tail drains the run sooner; +6.5 % while the outputs took this
    /// result's own 290 tokens a sample, not the reference's 294.45, until 2026-12-06; +9.9 % before the residual stream
    /// counted 10 x hidden a layer, 2026-12-05; +8.9 % with four passes of the set).
    /// </summary>
    [Fact]
    public void MLPerf_offline_Llama2_70B_on_8_H100_output_tokens_per_second_within_10_percent()
    {
        var r = ScenarioRuns.Calibration("mlperf-llama2-70b-offline.yaml");
        var tokensPerSecond = r.Overall.OutputTokensPerSecond(r.MeasuredSeconds);
        Report("MLPerf offline output tokens/s", tokensPerSecond, 24_524.9, "tok/s");
        Assert.Equal(200_640, r.Overall.Completed);   // loadgen's samples_per_query for this run
        Assert.InRange(tokensPerSecond / 24_524.9, 0.90, 1.10);
    }

    [Fact]
    public void MLPerf_server_Llama2_70B_at_74_42_samples_per_second_meets_the_MLPerf_latency_limits()
    {
        var r = ScenarioRuns.Calibration("mlperf-llama2-70b-server.yaml");
        var c = r.Classes[0];
        Report("MLPerf server p99 TTFT", c.Ttft.ToSummary().P99 * 1e3, 461, "ms");
        Report("MLPerf server p99 TPOT", c.Tpot.ToSummary().P99 * 1e3, 175.4, "ms");
        Report("MLPerf server output tokens/s", c.OutputTokensPerSecond(r.MeasuredSeconds), 21_605.79, "tok/s");
        Assert.True(c.Ttft.ToSummary().P99 <= 2.0, "p99 TTFT above the MLPerf limit of 2 s");
        Assert.True(c.Tpot.ToSummary().P99 <= 0.200, "p99 TPOT above the MLPerf limit of 200 ms");
        Assert.InRange(c.OutputTokensPerSecond(r.MeasuredSeconds) / 21_605.79, 0.85, 1.15);
    }

    [Fact]
    public void MLPerf_server_latency_at_74_42_samples_per_second_is_held_to_the_band_it_is_in()
    {
        // Criteria: p99 TTFT within 25 % of 461 ms and p99 TPOT within 25 % of 175.4 ms. NOT MET: p99 TTFT -52 %, p99
        // TPOT -61 %, p50 TPOT -60 % (the same with the outputs' cv of 0.6 assumed before 2026-12-07: -52.3 / -60.7 / -59.7 %
        // then, -52.3 / -60.7 / -59.9 % now; -53 / -62 / -61 % with the result's own 290 tokens a sample, until 2026-12-06;
        // -56 / -65 / -64 % before the residual stream counted 10 x hidden a layer). The
        // simulated offline throughput is 6.5 % above the measured one, so the measured
        // server rate loads the simulated system to 80 % of what it sustains where the real one ran at 88 % of its
        // offline figure; near capacity the batch, and so the step, grows as 1 / (1 - load), and the simulated
        // replicas settle at about 300 sequences and 58 ms steps against the measurement's 840 and 156 ms.
        var c = ScenarioRuns.Calibration("mlperf-llama2-70b-server.yaml").Classes[0];
        var ttft = c.Ttft.ToSummary().P99 / 0.461 - 1;
        var tpot = c.Tpot.ToSummary().P99 / 0.1754 - 1;
        Report("MLPerf server p99 TTFT", c.Ttft.ToSummary().P99 * 1e3, 461, "ms");
        Report("MLPerf server p99 TPOT", c.Tpot.ToSummary().P99 * 1e3, 175.4, "ms");
        Report("MLPerf server p50 TPOT", c.Tpot.ToSummary().P50 * 1e3, 156.4, "ms");
        Assert.InRange(ttft, -0.58, -0.47);
        Assert.InRange(tpot, -0.67, -0.56);
    }

    // NVIDIA NIM 1.8.0 (TensorRT-LLM), Llama-3.3-70B FP8 at TP2 on 2x H100, 5,000 prompt and 500 output
    // tokens, N concurrent clients: mean TTFT and ITL in ms (docs.nvidia.com/nim/benchmarking/llm/1.0.0/performance).
    // The trtllm-fp8 stack takes its compute efficiency from the H100's FP8 matmul measurement and its fixed time
    // per iteration from the 1-client ITL here; everything else is a check.
    // From 100 clients on, the KV cache (about 85 sequences of 5,500 tokens) is what limits the batch, so
    // those rows check the cache's size as well as the step time.
    [Theory]
    // Clients, then each row's own bound (relative error) on TTFT, ITL and throughput, the error measured when the check
    // was written plus 5 points, so that a drift in any one row fails: the 1-client ITL, fitted, must stay within 2 %.
    [InlineData(1, 0.07, 0.02, 0.05)]
    [InlineData(5, 0.17, 0.05, 0.06)]   // TTFT +11.7 % since the residual stream counts 10 x hidden (+8.2 % before)
    [InlineData(25, 0.15, 0.05, 0.09)]
    [InlineData(50, 0.19, 0.07, 0.06)]
    [InlineData(100, 0.07, 0.09, 0.10)]   // TTFT -1.9 % since the file's unnamed preemption is TensorRT-LLM's no-evict admission (2026-12-06; -21.4 % recomputing)
    [InlineData(150, 0.07, 0.09, 0.11)]   // TTFT +2.0 % (-1.2 % recomputing), output tok/s -5.5 % (-8.2 %)
    public void TensorRT_LLM_Llama70B_FP8_TP2_latency_by_concurrency_against_NVIDIA_NIM(
        int clients, double ttftBound, double itlBound, double throughputBound)
    {
        // NIM's figures are the file's measured row for this concurrency (clustersim accuracy reads the same).
        const string file = "nim-llama33-70b-h100-tp2.yaml";
        var row = $"concurrency {clients}";
        var (ttftMs, itlMs, tokensPerSecond) = (Published.Figure(file, row, "ttft_mean") * 1e3, Published.Figure(file, row, "tbt_mean") * 1e3,
            Published.Figure(file, row, "output_tokens_per_s"));
        var r = ScenarioRuns.Calibration(file, $"workloads.clients.arrival.users={clients}");
        var c = r.Classes[0];
        var ttft = c.Ttft.ToSummary().Mean * 1e3;
        var itl = c.Tbt.ToSummary().Mean * 1e3;
        var throughput = c.OutputTokensPerSecond(r.MeasuredSeconds);
        Report($"NIM 70B TP2 concurrency {clients} mean TTFT", ttft, ttftMs, "ms");
        Report($"NIM 70B TP2 concurrency {clients} mean ITL", itl, itlMs, "ms");
        Report($"NIM 70B TP2 concurrency {clients} output tokens/s", throughput, tokensPerSecond, "tok/s");
        Assert.True(c.Measured >= 5, "too few requests measured");

        // The decode step within 20 % from batch 1 to the KV-bound batch (measured: 0 at 1 client, where the
        // overhead was fitted, within 3.6 % everywhere else).
        Assert.InRange(itl / itlMs, 0.80, 1.20);

        // A 5,000-token prefill plus its queueing within 35 % (measured: +3 % at 1 client, +12 % at 5, -11 % at 50; at 100
        // clients, mostly waiting for KV room, -2 % with TensorRT-LLM's guaranteed-no-evict admission, which holds a request
        // back until its whole output fits, since 2026-12-06: -21 % while the file's unnamed preemption recomputed, -36 %
        // while lm_head counted as FP8 and left more KV cache).
        Assert.InRange(ttft / ttftMs, 0.65, 1.35);

        // Output tokens/s within 20 % (measured: within 7.5 % at every concurrency).
        Assert.InRange(throughput / tokensPerSecond, 0.80, 1.20);

        Assert.InRange(Math.Abs(ttft / ttftMs - 1), 0, ttftBound);
        Assert.InRange(Math.Abs(itl / itlMs - 1), 0, itlBound);
        Assert.InRange(Math.Abs(throughput / tokensPerSecond - 1), 0, throughputBound);
    }

    [Theory]
    [InlineData(4, 1200)]
    [InlineData(8, 2400)]
    public void SGLang_Llama31_8B_on_one_A100_medians_against_the_published_rows(int rate, int prompts)
    {
        var (e2e, ttft, tpot, e2eMs, ttftMs, tpotMs) = OnlineMedians("SGLang", "sglang-llama31-8b-a100.yaml", rate, prompts);
        Assert.InRange(e2e / e2eMs, 0.75, 1.25);
        Assert.InRange(ttft / ttftMs, 0.5, 1.5);
        // Criterion: within 25 %. With the kernel-measured A100 entry the median TPOT comes out -0.7 % and -4.2 %, E2E +8.1 and
        // -1.5 %, TTFT -18 and -21 % (-6.2 and -9.1 %, +2.7 and -6.9 %, -21 and -23 % before each layer's decode attention had
        // its fixed time, 2026-12-05; with the 2023 Splitwise compute and memory factors TPOT was -26 % at both rates). Weaker evidence than a clean check: the
        // entry's cost per sequence was chosen after a fixed time per iteration, fitted on the same offline row, failed
        // these rows (TPOT +54 %).
        Assert.InRange(tpot / tpotMs, 0.75, 1.25);
    }

    [Fact]
    public void SGLang_offline_row_is_what_the_sglang_stack_was_fitted_to()
    {
        var r = ScenarioRuns.Calibration("sglang-llama31-8b-a100.yaml", "workloads.sharegpt.arrival={kind: constant, rate: 1000000}", "run.requests=5000");
        var tokensPerSecond = r.Overall.OutputTokensPerSecond(r.MeasuredSeconds);
        var measured = Published.Figure("sglang-llama31-8b-a100.yaml", "offline (5,000 prompts at once)", "output_tokens_per_s");
        Report("SGLang offline output tokens/s (fitted)", tokensPerSecond, measured, "tok/s");
        Assert.InRange(tokensPerSecond / measured, 0.98, 1.02);   // the cost per sequence fitted to it: at the row
    }

    /// <summary>
    /// CHECKS: vLLM v0.6.0's online rows from the same benchmark, which no factor saw (the vllm entry's compute and memory
    /// efficiency are the A100's kernel measurements, its cost per sequence was fitted on its offline row). Ten decode
    /// steps per scheduling round make an arrival wait for the round's end: without that (scheduler_steps 1) the median
    /// TTFT comes out a quarter of the measured one. With the 2023 Splitwise factors these rows came out E2E -22 / -21 %,
    /// TTFT -27 / -30 %, TPOT -31 / -25 %.
    /// </summary>
    [Theory]
    // rate, prompts (the measured medians E2E / TTFT / TPOT: the file's row for the rate), then the bands the model is known
    // to be in (low, high) for each
    // Until 2026-12-04 (the embedding lookup counted as a GEMM on every token, no GEMM launch cost, and the per-sequence
    // cost fitted to the offline row was a microsecond instead of 14.5): -5.1 / -22.0 / -15.0 % and -8.7 / -25.7 / -13.1 %;
    // between the embedding fix and the launch cost -11.5 / -25.1 / -20.5 % and -14.2 / -31.0 / -17.7 %. Weaker evidence for
    // the launch cost than the other checks: these rows were run with an equivalent fixed time per step (0.58 ms) before
    // it was added, to see its size.
    // Since 2026-12-05 each layer's decode attention has the fixed time fitted on Vidur's A100 kernel timings (and the
    // per-sequence cost refitted on the offline row, 14.5 to 10.9 us): -5.1 / -22.5 / -15.4 % and -10.3 / -27.1 / -13.1 % before.
    [InlineData(4, 1200, -0.051, 0.049, -0.171, -0.071, -0.158, -0.058)]   // +0.4 / -12.1 / -10.8 % (first token -20.4 % before the request path)
    [InlineData(8, 2400, -0.106, -0.006, -0.212, -0.112, -0.139, -0.039)]   // -5.6 / -16.2 / -8.5 % (first token -21.0 % before the request path)
    public void VLLM_Llama31_8B_on_one_A100_medians_against_the_published_rows(int rate, int prompts,
        double e2eLow, double e2eHigh, double ttftLow, double ttftHigh, double tpotLow, double tpotHigh)
    {
        var (e2e, ttft, tpot, e2eMs, ttftMs, tpotMs) = OnlineMedians("vLLM", "vllm-llama31-8b-a100.yaml", rate, prompts);
        Assert.InRange(e2e / e2eMs - 1, e2eLow, e2eHigh);
        Assert.InRange(ttft / ttftMs - 1, ttftLow, ttftHigh);
        Assert.InRange(tpot / tpotMs - 1, tpotLow, tpotHigh);
    }

    [Fact]
    public void VLLM_offline_row_is_what_the_vllm_stack_was_fitted_to()
    {
        // A FIT (the cost per sequence): it reproduces the row.
        var r = ScenarioRuns.Calibration("vllm-llama31-8b-a100.yaml", "workloads.sharegpt.arrival={kind: constant, rate: 1000000}", "run.requests=5000");
        var tokensPerSecond = r.Overall.OutputTokensPerSecond(r.MeasuredSeconds);
        var measured = Published.Figure("vllm-llama31-8b-a100.yaml", "offline (5,000 prompts at once)", "output_tokens_per_s");
        Report("vLLM offline output tokens/s (fitted)", tokensPerSecond, measured, "tok/s");
        Assert.InRange(tokensPerSecond / measured - 1, -0.02, 0.02);
        Assert.Equal("a100-80gb-sxm/vllm", Assert.Single(r.Execution).Entry);
    }
}
