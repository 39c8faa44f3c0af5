using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: vLLM 0.15.1 under load on H100s, A100s and L40S, as the inference-sim project (BLIS) measured it for
/// its sim-to-real study (inference-sim/training default_args and inference-sim/sim-to-real-accuracy-validation's
/// error_records.csv; scenarios/validation/inferencesim-vllm-*.yaml give the sources and the set-up). Seven models from
/// 7B to 141B at TP1 to TP8 under inference-perf's shared-prefix prompts (100 prompts in 10 groups sharing a system
/// prompt, cycled) at constant rates; no factor was set from them, and no stack has an H100 or L40S vLLM fit (each run
/// moves the A100 vllm entry and says so). First run 2026-12-07, after every factor was set; the same session then priced
/// vLLM's and SGLang's all-reduces at vLLM's custom kernel's timings (engine_all_reduce, from SGLang pull request 2904,
/// not from these rows), which these rows had shown wanting: the H100 TP2 to TP8 rows' mean E2E read +6 to +36 % before
/// it and -4 to +12 % after. They are weaker evidence for it, and for the two other rules this session built with them in
/// view: vLLM's async scheduling taken as on from 0.14 (a release fact, deepjavalibrary/djl issue 3833), which moved their
/// first tokens a step later, and the shared_prefix pool that lets the cache find their repeated prompts. Each file's first load stage is held here, each figure to the band it reads in today, five
/// points either side; every row of every file is in the validation record (ValidationRecordCurrencyTests).
/// </summary>
public sealed class InferenceSimVllmValidationTests(ITestOutputHelper output)
{
    private readonly ErrorBands _bands = new(output);

    [Theory]
    // file, row, and the error each figure reads today: mean E2E, p99 E2E, mean TTFT, p99 TTFT.
    // The first token reads within about 3 ms on most rows since the thirteenth session priced the HTTP path from request
    // to first streamed token (request_path, 6.91 ms, timed on an SGLang server, not on these rows, though they are why it was
    // looked for, so they are weaker evidence that it belongs; 8 to 10 ms early before,
    // -6 to -34 %); the A100 and L40S 14B rows still about 10 ms early; the p99 first token much more on the Mixtrals (-74
    // to -91 %), whose first stage's tails (383 to 904 ms measured) are its cold start. The end-to-end latency is the decode step's.
    // Since the fifteenth session's Hopper attention floor (13.3 us a layer, HopperDecodeAttentionTests) the H100 rows read
    // TP1 models 0 to 7 % short, Mixtral-8x7B 4 % long and Mixtral-8x22B 2 % short, but the 70B at TP4 10 % and CodeLlama-34B
    // at TP2 15 % long (the one pair it moved away from its measurements). Before it: within 11 % for
    // dense models at TP2 to TP8 on H100s and on L40S, TP1 models 5 to 13 % short, Mixtral-8x7B at TP2 2 % long on an H100
    // and 12 % on an A100 (17 and 29 % until 2026-12-08, when its experts' few rows each were padded to 64-row tiles, which
    // vLLM's fused-MoE kernels do not use: VllmFusedMoeKernelTests), Mixtral-8x22B 6 % short, the A100's TP4 70B 11 %
    // long (its all-reduces NCCL's: vLLM's custom kernel was not timed on an A100).
    [InlineData("inferencesim-vllm-h100-llama2-7b.yaml", "general, 8 req/s", -0.020, -0.067, -0.001, -0.015)]   // -0.095, -0.132, -0.056, -0.043 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencesim-vllm-h100-llama31-8b.yaml", "general, 8 req/s", -0.067, -0.096, -0.022, -0.042)]   // -0.131, -0.158, -0.067, -0.073 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencesim-vllm-h100-qwen3-14b.yaml", "general, 8 req/s", -0.001, 0.000, -0.030, -0.154)]   // -0.049, -0.043, -0.074, -0.177 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencesim-vllm-h100-codellama-34b.yaml", "general, 8 req/s", 0.147, 0.240, 0.084, 0.017)]   // 0.095, 0.186, 0.042, -0.018 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencesim-vllm-h100-llama2-70b.yaml", "general, 8 req/s", 0.098, 0.085, 0.027, -0.237)]   // 0.025, 0.022, -0.033, -0.250 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencesim-vllm-h100-mixtral-8x7b.yaml", "general, 8 req/s", 0.042, -0.249, -0.107, -0.823)]   // 0.018, -0.272, -0.125, -0.823 before the Hopper attention floor (2026-12-08); 0.171, -0.180, -0.010, -0.806 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencesim-vllm-h100-mixtral-8x22b.yaml", "general, 8 req/s", -0.019, -0.394, -0.203, -0.902)]   // -0.064, -0.423, -0.232, -0.905 before the Hopper attention floor (2026-12-08); 0.061, -0.361, -0.145, -0.901 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencesim-vllm-a100-llama31-8b.yaml", "general-lite, 2.5 req/s", -0.069, -0.171, -0.118, -0.171)]
    [InlineData("inferencesim-vllm-a100-qwen3-14b.yaml", "general-lite, 2.5 req/s", -0.046, -0.154, -0.115, -0.289)]
    [InlineData("inferencesim-vllm-a100-codellama-34b.yaml", "general-lite, 2.5 req/s", 0.040, -0.027, -0.038, -0.297)]
    [InlineData("inferencesim-vllm-a100-llama2-70b.yaml", "general-lite, 2.5 req/s", 0.112, 0.077, 0.011, -0.311)]
    [InlineData("inferencesim-vllm-a100-mixtral-8x7b.yaml", "general, 8 req/s", 0.121, -0.054, -0.018, -0.756)]   // 0.286, 0.044, 0.116, -0.726 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencesim-vllm-l40s-llama31-8b.yaml", "general-lite, 2.5 req/s", 0.020, -0.012, -0.015, 0.037)]
    [InlineData("inferencesim-vllm-l40s-qwen3-14b.yaml", "general-lite, 2.5 req/s", 0.026, 0.072, -0.026, -0.135)]
    public void First_load_stage_end_to_end_and_first_token(string file, string row, double e2eMean, double e2eP99, double ttftMean, double ttftP99)
    {
        var r = ScenarioRuns.Validation(file, Published.Sets(file, row));
        var c = Assert.Single(r.Classes);
        var (e2e, ttft) = (c.E2e.ToSummary(), c.Ttft.ToSummary());
        _bands.Shown($"{file} [{row}] mean E2E ms", e2e.Mean * 1e3, Published.Figure(file, row, "e2e_mean") * 1e3, e2eMean - 0.05, e2eMean + 0.05);
        _bands.Shown($"{file} [{row}] p99 E2E ms", e2e.P99 * 1e3, Published.Figure(file, row, "e2e_p99") * 1e3, e2eP99 - 0.05, e2eP99 + 0.05);
        _bands.Shown($"{file} [{row}] mean TTFT ms", ttft.Mean * 1e3, Published.Figure(file, row, "ttft_mean") * 1e3, ttftMean - 0.05, ttftMean + 0.05);
        _bands.Shown($"{file} [{row}] p99 TTFT ms", ttft.P99 * 1e3, Published.Figure(file, row, "ttft_p99") * 1e3, ttftP99 - 0.05, ttftP99 + 0.05);
        _bands.AssertAllInBand();

        // The pool's repeats find their KV: every request after the pool's first pass hits at least its group's system prompt.
        Assert.True(r.Overall.PrefixHitTokens > 0.7 * r.Overall.PromptTokens, $"prefix hits {r.Overall.PrefixHitTokens} of {r.Overall.PromptTokens} prompt tokens");

        // Each run says which all-reduce it priced: vLLM's custom kernel on an H100, NCCL's where it was not timed.
        var e = Assert.Single(r.Execution);
        var tensorParallel = new[] { "34b", "70b", "8x7b", "8x22b" }.Any(m => file.Contains(m, StringComparison.Ordinal));
        if (tensorParallel && file.Contains("-h100-", StringComparison.Ordinal))
        {
            Assert.Contains("at the engine's own kernel's times (engine_all_reduce: ", e.Derivation);
        }
        else if (tensorParallel)
        {
            Assert.Contains("was not timed on a100-80gb-sxm: its all-reduces are priced as NCCL's", e.Derivation);
        }
        else
        {
            // One GPU: no all-reduce to price, and nothing said about one.
            Assert.DoesNotContain("custom all-reduce", e.Derivation);
        }
    }
}
