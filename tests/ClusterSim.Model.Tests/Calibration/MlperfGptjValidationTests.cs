using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: MLPerf Inference v4.1's GPT-J 6B benchmark (CNN/DailyMail summarization, beam search of width 4) as
/// NVIDIA ran it on TensorRT-LLM, offline and as a server on a DGX-H100 and on one GH200, and offline on 8x H200 (scenarios/validation/mlperf41-*-gptj-*.yaml give the sources and every assumption: FP8 weights with the FP16 KV cache
/// of the round before's engine build, trtllm-build's 64-token blocks, the harness's max_util scheduler, and prompt
/// lengths derived from the Llama 3.1 tokenization of the same articles). The outputs' mean, 69.0 tokens, is read off the
/// submissions' own accuracy logs (loadgen's inferred tokens a sample), not the dataset, so these rows are weaker evidence
/// for it (the files say so: with the reference's 67.6 the DGX-H100 offline row reads -8.7 % in samples/s, not -10.1 %).
/// A model and a decoding the product could not
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
    // One GH200 (the H100's die with 144 GB at 4.9 TB/s, batch 396): +8.2 %, as the H200 reads; the real one ran 6.5 % a
    // GPU faster than the DGX-H100 and 4.6 % faster than the H200.
    [InlineData("mlperf41-gh200-gptj-offline.yaml", 0.032, 0.132, 26_400)]   // +8.2 %
    public void Offline_output_tokens_per_second(string file, double low, double high, int samples = 190_080)
    {
        var r = ScenarioRuns.Validation(file);
        Assert.Equal(samples, r.Overall.Completed);
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

    [Fact]
    public void GH200_server_at_the_measured_rate_has_headroom_and_short_latencies()
    {
        // The known gap of latency under load, here the other way round from the DGX-H100's: the simulated capacity at the
        // 20 s limit reads +17.2 % (MlperfCapacityValidationTests; offline +8.2 %), so at the measured rate, 96 % of the
        // measured offline one, the simulated engine keeps a third of the requests in flight that Little's law gives the
        // real one, and its latencies are about 60 % short.
        const string file = "mlperf41-gh200-gptj-server.yaml";
        var r = ScenarioRuns.Validation(file);
        var e2e = r.Classes[0].E2e.ToSummary();
        _bands.Shown($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(file, "output_tokens_per_s"), -0.046, 0.054);   // +0.4 %
        _bands.Shown($"{file} latency p50 s", e2e.P50, Published.Figure(file, "e2e_p50"), -0.665, -0.565);    // -61.5 %
        _bands.Shown($"{file} latency p99 s", e2e.P99, Published.Figure(file, "e2e_p99"), -0.652, -0.552);    // -60.2 %
        _bands.Check($"{file} requests in flight a GPU", r.TextReplicas.Average(x => x.MeanRunning),
            Published.Figure(file, "requests_in_system_per_replica"), 0.25, -0.659, -0.559);                 // -60.9 %: gap
        _bands.AssertAllInBand();
    }
}
