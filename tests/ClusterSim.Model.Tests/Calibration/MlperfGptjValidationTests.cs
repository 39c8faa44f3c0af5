using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: MLPerf Inference's GPT-J 6B benchmark (CNN/DailyMail summarization, beam search of width 4) as NVIDIA
/// ran it on TensorRT-LLM: in v4.1 offline and as a server on a DGX-H100 and on one GH200, and offline on 8x H200; in
/// v4.0 on one H100 offline and as a server, and on one H200 offline (scenarios/validation/mlperf4*-gptj-*.yaml give the
/// sources and every assumption: FP8 weights and FP8 KV cache
/// as NVIDIA's build documents them, trtllm-build's 64-token blocks, the harness's max_util scheduler, and prompt
/// lengths derived from the Llama 3.1 tokenization of the same articles). The outputs' mean, 69.0 tokens, is read off the
/// submissions' own accuracy logs (loadgen's inferred tokens a sample), not the dataset, so these rows are weaker evidence
/// for it (the files say so: with the reference's 67.6 the DGX-H100 offline row reads -20.3 % in samples/s, not -21.5 %).
/// A model and a decoding the product could not express before beam search (2026-12-07); no factor was set from them.
/// Each beam reads its whole context, the prompt its request's beams share included, as TensorRT-LLM's masked
/// multi-head attention kernel does (NVIDIA/TensorRT-LLM pull request 14396). Each figure is held to the band it reads
/// in today, five points either side, so a change either way is seen.
/// </summary>
public sealed class MlperfGptjValidationTests(ITestOutputHelper output)
{
    private readonly ErrorBands _bands = new(output);

    [Theory]
    // The DGX-H100 reads a fifth slow, the H200 and the GH200 as measured. The real step's time a request is the same on
    // the H100 and the H200 (0.41 and 0.40 ms), the model's is not: its attention is the beams' KV reads, which the
    // H200's bandwidth shortens (README Known gaps). Read once for all the beams (beam_prompt_reads: once) the three read
    // +28.2, +53.0 and +50.7 %; with the FP16 cache these files took before 2026-12-07, and the prompt read once, -10.6,
    // +9.4 and +8.2 %.
    [InlineData("mlperf41-h100-gptj-offline.yaml", -0.269, -0.169)]     // -21.9 %: not met
    [InlineData("mlperf41-h200-gptj-offline.yaml", -0.072, 0.028)]      // -2.2 %
    // One GH200 (the H100's die with 144 GB at 4.9 TB/s, batch 396): as the H200 reads; the real one ran 6.5 % a GPU
    // faster than the DGX-H100 and 4.6 % faster than the H200.
    [InlineData("mlperf41-gh200-gptj-offline.yaml", -0.076, 0.024, 26_400)]   // -2.6 %
    public void Offline_output_tokens_per_second(string file, double low, double high, int samples = 190_080)
    {
        var r = ScenarioRuns.Validation(file);
        Assert.Equal(samples, r.Overall.Completed);
        _bands.Check($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(file, "output_tokens_per_s"), 0.10, low, high);
        _bands.AssertAllInBand();
        Assert.Contains(r.Notes, n => n.Contains("beam search of width 4", StringComparison.Ordinal));
    }

    [Theory]
    // The round before (v4.0), one GPU each, with the engine build that round's tree documents: the H100 -9.4 %, the H200
    // +16.6 %. The real H200 ran 1 % slower than the real H100 at twice the batch.
    [InlineData("mlperf40-h100-gptj-offline.yaml", -0.144, -0.044, 19_800)]   // -9.4 %
    [InlineData("mlperf40-h200-gptj-offline.yaml", 0.116, 0.216, 84_480)]     // +16.6 %: not met
    public void Offline_samples_per_second_the_round_before(string file, double low, double high, int samples)
    {
        var r = ScenarioRuns.Validation(file);
        Assert.Equal(samples, r.Overall.Completed);
        _bands.Check($"{file} samples/s", samples / r.MeasuredSeconds, Published.Figure(file, "throughput_rps"), 0.10, low, high);
        _bands.AssertAllInBand();
    }

    [Fact]
    public void The_h200_runs_gptj_as_fast_as_the_h100_where_the_model_gives_it_a_quarter_more()
    {
        // The known gap, asserted as the band it is in: in both rounds the real H200 ran GPT-J no faster than the real H100
        // with the same engine (v4.0 0.990, v4.1 1.018 a GPU), though NVIDIA gave it twice the batch; the model gives it
        // 1.27 (its steps' attention is the beams' KV reads, which the H200's bandwidth shortens). The real step's time a
        // request is the same on both parts, which no reading of the KV reads gives (README Known gaps).
        // One GPU each: samples a second of the one engine.
        static double Rate(string file)
        {
            var r = ScenarioRuns.Validation(file);
            return r.Overall.Completed / r.MeasuredSeconds;
        }

        var simulated = Rate("mlperf40-h200-gptj-offline.yaml") / Rate("mlperf40-h100-gptj-offline.yaml");
        var measured = Published.Figure("mlperf40-h200-gptj-offline.yaml", "throughput_rps") / Published.Figure("mlperf40-h100-gptj-offline.yaml", "throughput_rps");
        output.WriteLine($"H200 over H100, GPT-J v4.0 a GPU: simulated {simulated:F3}, measured {measured:F3}");
        Assert.InRange(measured, 0.98, 1.00);
        Assert.InRange(simulated, 1.22, 1.32);
    }

    [Fact]
    public void The_prompt_read_once_for_all_the_beams_reads_the_h100_fast()
    {
        // The other reading of the beams' shared prompt (a cascade kernel's), on the DGX-H100 row: +28.2 %.
        const string file = "mlperf41-h100-gptj-offline.yaml";
        var r = ScenarioRuns.Validation(file, "deployments.gptj.beam_prompt_reads=once");
        _bands.Shown($"{file} output tok/s, prompt read once", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(file, "output_tokens_per_s"), 0.232, 0.332);
        _bands.AssertAllInBand();
    }

    [Theory]
    // A known gap, stated: the simulated capacity at the 20 s limit is under the measured rate (MlperfCapacityValidationTests:
    // v4.1's DGX-H100 -20.3 %, v4.0's one H100 -7.8 %), as the offline rows read, so at that rate (98 and 95 % of the
    // measured offline one) the simulated replicas fall behind and the queue grows for the whole run: the served rate is the
    // simulated throughput (v4.1: -23.7 %; v4.0's file carries no token rate), and the latencies are a growing queue's,
    // many times the measured ones (v4.1 p50 +1,720 %, v4.0 +548 %; the measured systems kept p99 at 9.5 and 11.1 s).
    [InlineData("mlperf41-h100-gptj-server.yaml", -0.287, -0.187)]   // served -23.7 %
    [InlineData("mlperf40-h100-gptj-server.yaml")]
    public void H100_servers_at_the_measured_rate_run_past_the_simulated_capacity(string file, double? servedLow = null, double? servedHigh = null)
    {
        var r = ScenarioRuns.Validation(file);
        if (servedLow is { } low && servedHigh is { } high)
        {
            _bands.Shown($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(file, "output_tokens_per_s"), low, high);
            _bands.AssertAllInBand();
        }

        var e2e = r.Classes[0].E2e.ToSummary();
        Assert.True(e2e.P50 > 3 * Published.Figure(file, "e2e_p50"), $"p50 latency {e2e.P50:F1} s: the queue should grow");
        Assert.True(e2e.P99 > 20, $"p99 latency {e2e.P99:F1} s: past the benchmark's limit");
    }

    [Fact]
    public void GH200_server_at_the_measured_rate_runs_at_the_simulated_knee_and_reads_long()
    {
        // The simulated capacity at the 20 s limit is the measured rate (MlperfCapacityValidationTests: 0.0 %), so at that
        // rate, 96 % of the measured offline one, the simulated engine runs at its knee: it serves the arrivals, but keeps
        // nearly twice the requests in flight that Little's law gives the real one, and its latencies are nearly twice
        // the measured.
        const string file = "mlperf41-gh200-gptj-server.yaml";
        var r = ScenarioRuns.Validation(file);
        var e2e = r.Classes[0].E2e.ToSummary();
        _bands.Shown($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(file, "output_tokens_per_s"), -0.050, 0.050);   // 0.0 %
        _bands.Shown($"{file} latency p50 s", e2e.P50, Published.Figure(file, "e2e_p50"), 0.827, 0.927);    // +87.7 %
        _bands.Shown($"{file} latency p99 s", e2e.P99, Published.Figure(file, "e2e_p99"), 0.846, 0.946);    // +89.6 %
        _bands.Check($"{file} requests in flight a GPU", r.TextReplicas.Average(x => x.MeanRunning),
            Published.Figure(file, "requests_in_system_per_replica"), 0.25, 0.818, 0.918);                 // +86.8 %: gap
        _bands.AssertAllInBand();
    }
}
