using ClusterSim.Model.Serving.Cluster;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS of the preemption model against an engine's own counter: vLLM pull request 44594's benchmark
/// (scenarios/validation/vllm-kv-watermark-qwen25-7b-gb200.yaml; Qwen2.5-7B on one GB200, a 16 GiB KV cache, 128 clients
/// asking for ~1,000 + ~5,000 tokens), run with the watermark off and at 0.02 to 0.15 of the cache. The watermark was
/// modelled from vLLM V0's block manager before these rows were read; nothing was set from them (first run 2026-12-06).
/// </summary>
public sealed class VllmKvWatermarkValidationTests(ITestOutputHelper output)
{
    private const string File = "vllm-kv-watermark-qwen25-7b-gb200.yaml";

    private readonly ErrorBands _bands = new(output);

    private static string Row(double watermark) => watermark == 0 ? "watermark off" : $"watermark {watermark:0.00}";

    private static ServingResult Run(double watermark)
        => ScenarioRuns.Validation(File, $"policies.preemption={{name: recompute, watermark: {watermark:0.00}}}");

    [Theory]
    // watermark; bands of the preemptions' and the output rate's errors
    [InlineData(0.00, 0.03, 0.13, -0.135, -0.035)]    // preemptions 1,151 against 1,065 (+8.1 %); 10,599 against 11,582 tok/s (-8.5 %)
    [InlineData(0.02, -0.15, -0.05, -0.133, -0.033)]  // 361 against 400 (-9.8 %); -8.3 %
    [InlineData(0.05, 0.05, 0.15, -0.14, -0.04)]      // 206 against 187 (+10.2 %); -9.0 %
    [InlineData(0.10, -0.09, 0.02, -0.12, -0.02)]     // 162 against 168 (-3.6 %); -6.8 %
    [InlineData(0.15, -0.08, 0.03, -0.12, -0.02)]     // 164 against 168 (-2.4 %); -7.1 %
    public void Preemptions_and_throughput_at_each_watermark(double watermark, double preemptLow, double preemptHigh, double rateLow, double rateHigh)
    {
        var r = Run(watermark);
        var row = Row(watermark);
        _bands.Check($"{row}: preemptions", r.Classes[0].Preemptions, Published.Figure(File, row, "preemptions"), 0.25, preemptLow, preemptHigh);
        _bands.Check($"{row}: output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(File, row, "output_tokens_per_s"), 0.10, rateLow, rateHigh);
        _bands.AssertAllInBand();
    }

    [Fact]
    public void Keeping_two_percent_free_cuts_preemptions_by_more_than_half_and_gains_throughput_as_measured()
    {
        var off = Run(0);
        var two = Run(0.02);
        var preemptRatio = (double)two.Classes[0].Preemptions / off.Classes[0].Preemptions;
        var measuredRatio = Published.Figure(File, Row(0.02), "preemptions") / Published.Figure(File, Row(0), "preemptions");
        var gain = two.Overall.OutputTokensPerSecond(two.MeasuredSeconds) / off.Overall.OutputTokensPerSecond(off.MeasuredSeconds) - 1;
        var measuredGain = Published.Figure(File, Row(0.02), "output_tokens_per_s") / Published.Figure(File, Row(0), "output_tokens_per_s") - 1;
        output.WriteLine($"preemptions at 0.02 over off: simulated {preemptRatio:F3}, measured {measuredRatio:F3}; output rate gained: simulated {100 * gain:F1} %, measured {100 * measuredGain:F1} %");
        // 0.314 against 0.376, and +5.0 % against +4.8 %: what recompute costs here, and what the watermark saves.
        Assert.InRange(preemptRatio, 0.25, 0.40);
        Assert.InRange(gain, 0.03, 0.07);
    }
}
