using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: vLLM's own offline benchmarks of Llama 3.1 405B FP8 at TP8 on 8x MI300X, as Oracle published them in
/// October 2024 (scenarios/validation/oracle-vllm-llama31-405b-8xmi300x.yaml gives the source and every assumption: vLLM
/// 0.6.2, the V0 engine, with the chunked prefill of 512 tokens a step that vLLM then turned on for contexts past 32K).
/// The mi300x/vllm entry was fitted on AMD's rows a year later (vLLM 0.10.2, the V1 engine: its all-reduce latency on a 70B
/// batch-1 latency, its cost per sequence on a 70B throughput row); these rows are another submitter, model size, release
/// and engine generation. Each figure is held to the band it reads in today, five points either side, so a change either
/// way is seen. First run 2026-12-07, after every factor was set.
/// </summary>
public sealed class OracleMi300xValidationTests(ITestOutputHelper output)
{
    private const string File = "oracle-vllm-llama31-405b-8xmi300x.yaml";

    private readonly ErrorBands _bands = new(output);

    [Theory]
    // batch, band of the error of the batch's latency (128 prompt and 128 output tokens each, all at once). Small batches
    // read a fifth short: the step is fixed time there (at batch 1: 12.4 ms of weight stream, 6.5 ms of all-reduces at the
    // entry's fitted 1.83 us a ring step, 2.3 ms of GEMM launches, 21.3 ms in all), and the 2024 software took about 27 ms.
    // AMD's own 2025 release, on which that latency was fitted, reads its 70B batch-2 and batch-4 rows 11 to 12 % short
    // (AmdVllmMi300xValidationTests). Large batches, where the GEMMs and V0's host work a sequence carry the step, read
    // within 3 %; with whole prompts they read 10 to 13 % short. Both readings were seen before vLLM's code settled the
    // chunked setting, so these latencies are weaker evidence for it (the file says so).
    [InlineData(1, -0.272, -0.172)]     // -22.2 %
    [InlineData(2, -0.263, -0.163)]     // -21.3 %
    [InlineData(4, -0.267, -0.167)]     // -21.7 %
    [InlineData(8, -0.258, -0.158)]     // -20.8 %
    [InlineData(16, -0.227, -0.127)]    // -17.7 %
    [InlineData(32, -0.170, -0.070)]    // -12.0 %
    [InlineData(64, -0.131, -0.031)]    // -8.1 %
    [InlineData(128, -0.074, 0.026)]    // -2.4 %
    [InlineData(256, -0.049, 0.051)]    // +0.1 %
    public void Latency_of_a_batch_from_one_to_the_engines_limit(int batch, double low, double high)
    {
        var row = $"latency, batch {batch}";
        var r = ScenarioRuns.Validation(File, Published.Sets(File, row));
        var c = Assert.Single(r.Classes);
        Assert.Equal(batch, c.Completed);
        _bands.Shown($"{File} [{row}] latency s", c.E2e.ToSummary().P999, Published.Figure(File, row, "e2e_p999"), low, high);
        _bands.AssertAllInBand();
        var e = Assert.Single(r.Execution);
        Assert.Equal("mi300x/vllm", e.Entry);
        Assert.Contains("engine_version 0.6.2", e.Derivation);
    }

    [Theory]
    // row, band of the output tokens/s of 1,000 prompts at once (V0's 256 sequences at a time)
    [InlineData("throughput 128/128, 1,000 prompts", -0.060, 0.040)]    // -1.0 %
    [InlineData("throughput 128/2048, 1,000 prompts", -0.027, 0.073)]   // +2.3 %
    public void Output_tokens_per_second(string row, double low, double high)
    {
        var r = ScenarioRuns.Validation(File, Published.Sets(File, row));
        Assert.Equal(1000, r.Overall.Completed);
        _bands.Shown($"{File} [{row}] output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds),
            Published.Figure(File, row, "output_tokens_per_s"), low, high);
        _bands.AssertAllInBand();
    }

    [Theory]
    // The same rows priced as the entry's own V1 fit (27.1 us a sequence a step) where vLLM 0.6's V0 engine pays its round
    // of host work every step (87 us a sequence, the A100 V0 fit's; README, Known gaps): at 256 sequences that is about a
    // quarter of the step, and without it the rows read an eighth to a quarter fast. These rows were not in view when the
    // V0 rule was chosen (2026-12-06), so they are a check of it: -1.0, +2.3 and +0.1 % with it (above).
    [InlineData("throughput 128/128, 1,000 prompts", "output_tokens_per_s", 0.074, 0.174)]    // +12.4 %
    [InlineData("throughput 128/2048, 1,000 prompts", "output_tokens_per_s", 0.185, 0.285)]   // +23.5 %
    [InlineData("latency, batch 256", "e2e_p999", -0.160, -0.060)]                           // -11.0 %
    public void Priced_at_the_V1_fits_host_work_the_large_batches_read_fast(string row, string figure, double low, double high)
    {
        var r = ScenarioRuns.Validation(File, [.. Published.Sets(File, row), "execution_model.engine_version=0.10.2"]);
        Assert.DoesNotContain("V0", Assert.Single(r.Execution).Derivation);   // priced as fitted: no V0 round
        var simulated = figure == "e2e_p999" ? Assert.Single(r.Classes).E2e.ToSummary().P999 : r.Overall.OutputTokensPerSecond(r.MeasuredSeconds);
        _bands.Shown($"{File} [{row}] {figure} as V1", simulated, Published.Figure(File, row, figure), low, high);
        _bands.AssertAllInBand();
    }
}
