using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: MLPerf Inference v4.1's GPT-J 6B benchmark (CNN/DailyMail summarization, beam search of width 4) as
/// NVIDIA ran it on TensorRT-LLM, offline on a DGX-H100 and on 8x H200 and as a server on the DGX-H100
/// (scenarios/validation/mlperf41-*-gptj-*.yaml give the sources and every assumption: FP8 weights with the FP16 KV cache
/// of the round before's engine build, trtllm-build's 64-token blocks, the harness's max_util scheduler, and prompt
/// lengths derived from the Llama 3.1 tokenization of the same articles). A model and a decoding the product could not
/// express before beam search (2026-12-07); no factor was set from them. Each figure is held to the band it reads in
/// today, five points either side, so a change either way is seen.
/// </summary>
public sealed class MlperfGptjValidationTests(ITestOutputHelper output)
{
    private readonly ErrorBands _bands = new(output);

    [Theory]
    // The DGX-H100 reads a tenth slow and the H200 a tenth fast. Both run their KV cache full (the FP16 cache of 900-token
    // prompts with four beams each) and preempt about a quarter of their requests under max_util, so the larger H200
    // cache holds twice the batch (396 against 192); the real H200 ran the benchmark 1.8 % faster than the H100, the model
    // 24 %: what the larger cache and 1.43 times the bandwidth buy in the model, the real engine did not get. Run with
    // TensorRT-LLM's other scheduler (guaranteed-no-evict, reserving every beam's 128 tokens), the H100 row reads -6.2 %;
    // without beam search, +12.6 %.
    [InlineData("mlperf41-h100-gptj-offline.yaml", -0.156, -0.056)]   // -10.6 %
    [InlineData("mlperf41-h200-gptj-offline.yaml", 0.044, 0.144)]     // +9.4 %
    public void Offline_output_tokens_per_second(string file, double low, double high)
    {
        var r = ScenarioRuns.Validation(file);
        Assert.Equal(190_080, r.Overall.Completed);
        _bands.Check($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(file, "output_tokens_per_s"), 0.10, low, high);
        _bands.AssertAllInBand();
        Assert.Contains(r.Notes, n => n.Contains("beam search of width 4", StringComparison.Ordinal));
    }

    [Fact]
    public void H100_server_at_the_measured_rate_runs_past_the_simulated_capacity()
    {
        // A known gap, stated: the simulated capacity at the 20 s limit is 4.7 % under the measured rate
        // (MlperfCapacityValidationTests), so at that rate the simulated replicas fall behind and the queue grows for the
        // whole run: the served rate is the simulated throughput, and the latencies are a growing queue's, several times
        // the measured ones (p50 +458 %, p99 +488 %; the measured system, at 98 % of its own offline rate, kept p99 at 9.5 s).
        const string file = "mlperf41-h100-gptj-server.yaml";
        var r = ScenarioRuns.Validation(file);
        _bands.Shown($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(file, "output_tokens_per_s"), -0.134, -0.034);   // -8.4 %
        _bands.AssertAllInBand();
        var e2e = r.Classes[0].E2e.ToSummary();
        Assert.True(e2e.P50 > 3 * Published.Figure(file, "e2e_p50"), $"p50 latency {e2e.P50:F1} s: the queue should grow");
        Assert.True(e2e.P99 > 20, $"p99 latency {e2e.P99:F1} s: past the benchmark's limit");
    }
}
