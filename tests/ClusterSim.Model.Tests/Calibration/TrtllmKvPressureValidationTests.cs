using ClusterSim.Model.Serving.Cluster;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS of TensorRT-LLM's two capacity schedulers when the KV cache is oversubscribed: TensorRT-LLM issue 16827
/// (scenarios/validation/trtllm-serve-kv-pressure-llama33-70b-h200.yaml; trtllm-serve 1.2.1, Llama-3.3-70B FP8 on an H200,
/// 32 closed-loop clients of 16,384 + 512 tokens). Nothing was set from these rows; they were first run on 2026-12-06
/// (tenth session), after the admission's reservation came to follow max_tokens (which here equals the output).
/// </summary>
public sealed class TrtllmKvPressureValidationTests(ITestOutputHelper output)
{
    private const string File = "trtllm-serve-kv-pressure-llama33-70b-h200.yaml";

    private readonly ErrorBands _bands = new(output);

    private static ServingResult Run(string preemption) => ScenarioRuns.Validation(File, $"policies.preemption={preemption}");

    private void Figures(string row, ServingResult r, (double, double) rate, (double, double) ttftP50, (double, double) tpotP99, (double, double) e2eP99)
    {
        var c = r.Classes[0];
        _bands.Check($"{row}: output tok/s", c.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(File, row, "output_tokens_per_s"), 0.10, rate.Item1, rate.Item2);
        _bands.Check($"{row}: TTFT p50 s", c.Ttft.ToSummary().P50, Published.Figure(File, row, "ttft_p50"), 0.35, ttftP50.Item1, ttftP50.Item2);
        _bands.Check($"{row}: TPOT p99 ms", c.Tpot.ToSummary().P99 * 1e3, Published.Figure(File, row, "tpot_p99") * 1e3, 0.35, tpotP99.Item1, tpotP99.Item2);
        _bands.Check($"{row}: E2E p99 s", c.E2e.ToSummary().P99, Published.Figure(File, row, "e2e_p99"), 0.35, e2eP99.Item1, e2eP99.Item2);
    }

    [Fact]
    public void The_default_no_evict_scheduler_under_oversubscription_reads_as_measured()
    {
        // 162 against 161.0 tokens/s (+0.8 %); TTFT p50 27.2 against 35.8 s (-24 %); TPOT p99 130 against 122 ms (+6.7 %);
        // end-to-end p99 156 against 150 s (+4.2 %). Every criterion met: the reservation holds about 20 sequences of the 32.
        var r = Run("none");
        Figures("guaranteed no evict", r, (-0.04, 0.06), (-0.30, -0.18), (0.01, 0.12), (-0.01, 0.10));
        Assert.Equal(0, r.Classes[0].Preemptions);
        _bands.AssertAllInBand();
    }

    [Fact]
    public void Max_utilization_under_oversubscription_is_a_known_gap_the_model_reads_as_costing_almost_nothing()
    {
        // KNOWN GAP: measured, MAX_UTILIZATION lost 40.6 % of the no-evict rate, its TPOT p99 went 9.1 times and its
        // end-to-end p99 3.8 times; simulated as recompute (pause the most recently started request, prefill its context
        // again), 5 preemptions cost 2.9 %: 158 against 95.7 tokens/s (+65 %), TPOT p99 163 against 1,111 ms (-85 %),
        // end-to-end p99 162 against 563 s (-71 %). What the real scheduler repeats is not known (the report's guess:
        // requests paused and prefilled again over and over). TTFT p50 27.2 against 27.1 s.
        var r = Run("recompute");
        Figures("max utilization", r, (0.58, 0.72), (-0.06, 0.06), (-0.90, -0.80), (-0.76, -0.66));
        _bands.AssertAllInBand();
        var noEvict = Run("none");
        var simulatedLoss = 1 - r.Classes[0].OutputTokensPerSecond(r.MeasuredSeconds) / noEvict.Classes[0].OutputTokensPerSecond(noEvict.MeasuredSeconds);
        var measuredLoss = 1 - Published.Figure(File, "max utilization", "output_tokens_per_s") / Published.Figure(File, "guaranteed no evict", "output_tokens_per_s");
        output.WriteLine($"throughput lost to max utilization: simulated {100 * simulatedLoss:F1} %, measured {100 * measuredLoss:F1} %");
        Assert.InRange(simulatedLoss, 0.0, 0.06);
        Assert.InRange(measuredLoss, 0.40, 0.41);
    }
}
