using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: Llama-3.1-70B (BF16) on 4x H100 at TP4 under SGLang v0.3.0 and vLLM v0.6.0, the second half of
/// SGLang's benchmark README (sgl-project/sglang benchmark/benchmark_vllm_060), which no factor saw. Neither stack has an
/// H100 fit: each run moves its A100 entry (kernel-measured compute and memory, a cost per sequence fitted on the 8B
/// offline row) to the H100 by the two parts' measured matmul and bandwidth shares, and says so; since 2026-12-07 the
/// tensor group's all-reduces are vLLM's custom kernel's as timed on an H100 (engine_all_reduce), where they were NCCL's
/// ring, and these 2024 releases' TP4 steps read a fifth short of what they measured (README, Known gaps), where the 2026
/// release's read within 7 % (InferenceSimVllmValidationTests). Each figure is held to the band it is in today (about
/// five points either side), the criterion printed beside it.
/// </summary>
public sealed class EngineBenchmarkValidationTests(ITestOutputHelper output)
{
    private void Check(string what, double simulated, double measured, double low, double high)
    {
        var error = simulated / measured - 1;
        output.WriteLine($"{what}: simulated {simulated:F1}, measured {measured:F1}, {100 * error:+0.0;-0.0} %");
        Assert.InRange(error, low, high);
    }

    [Theory]
    // file, the memory fraction of the offline run, band (the measured offline output tokens/s: the file's offline row)
    [InlineData("vllm-llama31-70b-4xh100.yaml", 0.9, -0.063, 0.037)]   // -1.3 % (+1.2 % before the fifteenth session's Hopper attention floor; -6.1 % before 2026-12-07's engine all-reduce, vLLM's custom kernel in place of NCCL's ring; -7.2 % before the A100 entry's per-sequence cost was refitted beside its attention floor; -5.5 % before the GEMM launches; -0.5 % before the embedding lookup stopped counting as a GEMM and the per-sequence cost was refitted; -8.3 % before the kernel-measured A100 entries)
    [InlineData("sglang-llama31-70b-4xh100.yaml", 0.88, -0.011, 0.089)]   // +3.9 % (+5.3 % before the fifteenth session's Hopper attention floor; +3.3 % before 2026-12-07's engine all-reduce; +2.5 % before that refit; +3.7 % before the GEMM launches; +9.0 % before the embedding fix and refit; +5.7 % before that)
    public void Offline_output_tokens_per_second(string file, double memoryFraction, double low, double high)
    {
        var measured = Published.Figure(file, "offline (5,000 prompts at once)", "output_tokens_per_s");
        var r = ScenarioRuns.Validation(file, "workloads.sharegpt.arrival={kind: constant, rate: 1000000}", "run.requests=5000",
            $"deployments.llama-70b.memory_fraction={memoryFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        Check($"{file} offline output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), measured, low, high);
        var e = Assert.Single(r.Execution);
        Assert.Contains("no h100-sxm/", e.Derivation);
        Assert.Contains("matmul shares", e.Derivation);
        Assert.Contains("STREAM copy shares", e.Derivation);
    }

    [Theory]
    // Weaker evidence since 2026-12-05 for one rule: that a transfer does not carry the A100 entry's attention floor was
    // chosen with these rows in view (carried, their median TPOT read +10 to +13 %, before the engine all-reduce moved them
    // 20 points short). Since 2026-12-08 (fifteenth session) the H100's own floor, timed on FlashAttention-3 and FlashInfer
    // (13.3 us a layer, HopperDecodeAttentionTests), takes its place; these rows were not consulted for it and moved 5 to 7
    // points toward their measurements.
    // file, rate, prompts, and the band of each median, E2E / TTFT / TPOT (the measured ones: the file's row for the rate)
    [InlineData("vllm-llama31-70b-4xh100.yaml", 4, 1200, -0.155, -0.055, -0.320, -0.220, -0.213, -0.113)] // -10.5 / -27 / -16.3 % (-16.9 / -34 / -22.5 % before the fifteenth session's Hopper attention floor; -16.9 / -38 / -22.5 before the request path; +8.5 / -21 / +2.6 before 2026-12-07's engine all-reduce: vLLM 0.6.0 ran slower steps at TP4 than the custom kernel leaves, README Known gaps; +9.6 / -20 / +2.5 before the A100 entry's per-sequence cost was refitted beside its attention floor, which a transfer does not carry; +1.0 / -25 / -4.7 before the GEMM launches; +1.0 / -31 / -5.2 before the embedding fix and refit; -4.8 / -26 / -11 before that)
    [InlineData("vllm-llama31-70b-4xh100.yaml", 8, 2400, -0.185, -0.085, -0.354, -0.254, -0.193, -0.093)] // -13.5 / -30 / -14.3 % (-19.7 / -34 / -20.2 % before the fifteenth session's Hopper attention floor; -19.7 / -37 / -20.2 before the request path; +1.3 / -25 / +1.4 before the engine all-reduce; +3.1 / -27 / +2.3 before that refit; -5.0 / -27 / -5.3 before the GEMM launches; -7.2 / -30 / -7.1 before the embedding fix and refit; -8.6 / -30 / -9.4 before that)
    [InlineData("sglang-llama31-70b-4xh100.yaml", 4, 1200, -0.165, -0.065, -0.197, -0.097, -0.225, -0.125)] // -11.5 / -15 / -17.5 % (-18.2 / -19 / -23.3 % before the fifteenth session's Hopper attention floor; -18.2 / -32 / -23.3 before the request path; +8.0 / -20 / +1.9 before the engine all-reduce; +8.0 / -19 / +1.8 before that refit; +0.2 / -24 / -6.0 before the GEMM launches; -0.3 / -23 / -6.5 before the embedding fix and refit; -7.6 / -24 / -14.5 before that)
    [InlineData("sglang-llama31-70b-4xh100.yaml", 8, 2400, -0.173, -0.073, -0.195, -0.095, -0.184, -0.084)] // -12.3 / -15 / -13.4 % (-18.9 / -17 / -20.1 % before the fifteenth session's Hopper attention floor; -18.9 / -29 / -20.1 before the request path; +5.5 / -19 / +3.4 before the engine all-reduce; +6.1 / -19 / +4.2 before that refit; -3.2 / -23 / -4.3 before the GEMM launches; -5.7 / -23 / -6.7 before the embedding fix and refit; -12.3 / -23 / -13.8 before that)
    public void Online_medians_against_the_published_rows(string file, int rate, int prompts,
        double e2eLow, double e2eHigh, double ttftLow, double ttftHigh, double tpotLow, double tpotHigh)
    {
        var row = $"{rate} req/s";
        var (e2eMs, ttftMs, tpotMs) = (Published.Figure(file, row, "e2e_p50") * 1e3, Published.Figure(file, row, "ttft_p50") * 1e3, Published.Figure(file, row, "tpot_p50") * 1e3);
        var r = ScenarioRuns.Validation(file, $"workloads.sharegpt.arrival.rate={rate}", $"run.requests={prompts}");
        var c = r.Classes[0];
        Assert.Equal(prompts, c.Completed);
        Check($"{file} {rate} req/s median E2E ms", c.E2e.ToSummary().P50 * 1e3, e2eMs, e2eLow, e2eHigh);
        Check($"{file} {rate} req/s median TTFT ms", c.Ttft.ToSummary().P50 * 1e3, ttftMs, ttftLow, ttftHigh);
        Check($"{file} {rate} req/s median TPOT ms", c.Tpot.ToSummary().P50 * 1e3, tpotMs, tpotLow, tpotHigh);
    }
}
