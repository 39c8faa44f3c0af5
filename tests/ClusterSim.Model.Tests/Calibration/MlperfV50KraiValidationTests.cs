using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: Krai's MLPerf Inference v5.0 open-division Llama-2-70B rows (scenarios/validation/mlperf50-krai-*.yaml,
/// each file's header gives the source and the assumptions): vLLM 0.6.4, 0.6.4 with FlashInfer and 0.7.3, the V0 engine,
/// on 8 H200s and 8 MI300Xs, FP8 weights and a 16-bit KV cache, offline and server. First run 2026-12-06 after every factor
/// was set; nothing was set from them. The one change made with them in view is a documented engine behaviour, not a
/// factor: vLLM V0's admission watermark (1 % of the KV blocks kept free, vllm/core/block_manager.py), without which the
/// simulated offline runs preempted more than once a request and read within -11 to +20 % by wasting recompute.
/// With it they read 22 to 63 % fast, and the servers' steps were a third of the measured ones. Since 2026-12-06 the
/// files give the engine's version and the run charges vLLM V0's host work a sequence once a scheduling round, as V0
/// does (EngineHostCost: the A100 entry's 8.7 us a step, fitted on vLLM 0.6.0 at ten steps a round, is 87 us a round,
/// paid every step here; nothing set from these rows): offline -3 to +30 %, the servers' p50 TPOT -64 to +9 %. What
/// remains is still short, most on vLLM's own attention (README, Known gaps). Every figure is held to the band it is
/// in, so that a change either way is seen.
/// </summary>
public sealed class MlperfV50KraiValidationTests(ITestOutputHelper output)
{
    private readonly ErrorBands _bands = new(output);

    private static double Ms(string file, string figure) => Published.Figure(file, figure) * 1e3;

    [Theory]
    // file, band of the error
    // Each: since the engine generation (before it, charged the fitted 8.7 or 27.1 us a step; then, without the watermark).
    [InlineData("mlperf50-krai-h200-vllm064-llama2-70b-offline.yaml", 0.25, 0.35)]             // +30.0 % (+63.4 %; +20.2 %, 57,114 preemptions)
    [InlineData("mlperf50-krai-h200-vllm073-llama2-70b-offline.yaml", 0.22, 0.32)]             // +27.4 % (+60.2 %; +17.9 %)
    // The same engine and settings as vLLM 0.6.4 above with FlashInfer's attention ran 34 % faster; the model sees no backend.
    [InlineData("mlperf50-krai-h200-vllm064-flashinfer-llama2-70b-offline.yaml", -0.08, 0.02)] // -3.3 %: met (+21.6 %; -10.5 %)
    [InlineData("mlperf50-krai-mi300x-vllm064-llama2-70b-offline.yaml", 0.025, 0.125)]         // +7.5 %: met (+26.7 %; -4.9 %)
    [InlineData("mlperf50-krai-mi300x-vllm073-llama2-70b-offline.yaml", 0.12, 0.22)]           // +16.7 % (+37.5 %; +3.6 %)
    public void Offline_output_tokens_per_second(string file, double bandLow, double bandHigh)
    {
        var r = ScenarioRuns.Validation(file);
        _bands.Check($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(file, "output_tokens_per_s"), 0.10, bandLow, bandHigh);
        _bands.AssertAllInBand();
    }

    [Theory]
    // file; bands of p50 and p99 TPOT, of p99 TTFT and sequences per replica (Little). Each server ran near its limit of
    // sequences (256, 1,024 or 512 a GPU): the real replicas held 218 to 442 sequences. With vLLM's own attention the
    // simulated ones hold about 45 % of that in steps about half as long, and the queue that gave the real p99 TTFTs does
    // not form; with FlashInfer's the simulated server holds as many, in steps as long, and sits past its knee (its
    // capacity 6 % under the measured rate), so its TTFT tail is too long. Before the engine generation (2026-12-06):
    // -67.7 / -67.3 %, -82.1 %, -68.0 %; -67.6 / -66.6 %, -93.1 %, -68.0 %; -51.7 / -48.3 %, -89.4 %, -52.8 %;
    // -70.3 / -69.6 %, -84.7 %, -70.8 %; -72.2 / -72.6 %, -82.1 %, -72.0 %.
    [InlineData("mlperf50-krai-h200-vllm064-llama2-70b-server.yaml", -0.59, -0.48, -0.86, -0.76, -0.61, -0.50)]            // -54.1 / -52.4 %, -80.9 %, -56.3 % (-53.9 / -52.8 %, -80.9 %, -55.6 % with the outputs' cv of 0.6, before 2026-12-07)
    [InlineData("mlperf50-krai-h200-vllm073-llama2-70b-server.yaml", -0.57, -0.45, -0.97, -0.88, -0.59, -0.49)]            // -52.3 / -49.3 %, -92.6 %, -54.6 % (-51.9 / -49.6 %, -92.6 %, -54.0 %)
    // FlashInfer's TTFT tail is held to +300 to +410 % (+220 to +330 % before the fifteenth session's Hopper attention
    // floor lengthened its steps by 80 x 13.3 us): past the simulated knee the tail moves many times as far as the step,
    // and the served rate falls short of the arrivals (-10.1 %, its criterion missed by 0.1 point since the outputs' cv of
    // 0.72, 2026-12-07; -8.8 % with 0.6).
    [InlineData("mlperf50-krai-h200-vllm064-flashinfer-llama2-70b-server.yaml", 0.01, 0.15, 3.0, 4.1, -0.10, 0.04, -0.15, -0.05)]        // +6.6 / +10.4 %: met, +352 %, -4.7 %: met (+6.0 / +8.3 %, +299 %, -5.9 % before the Hopper attention floor; +8.9 / +10.4 %, +260 %, -1.8 %)
    [InlineData("mlperf50-krai-mi300x-vllm064-llama2-70b-server.yaml", -0.64, -0.52, -0.89, -0.78, -0.66, -0.55)]          // -59.2 / -57.1 %, -83.8 %, -61.4 % (-58.9 / -57.4 %, -83.8 %, -60.7 %)
    [InlineData("mlperf50-krai-mi300x-vllm073-llama2-70b-server.yaml", -0.69, -0.58, -0.86, -0.76, -0.70, -0.59)]          // -63.7 / -63.5 %, -81.3 %, -64.8 % (-63.6 / -63.7 %, -81.1 %, -64.3 %)
    public void Server_at_the_measured_rate_latency_and_batch(string file, double tpotLow, double tpotHigh, double ttftLow, double ttftHigh,
        double batchLow, double batchHigh, double servedLow = -0.10, double servedHigh = 0.10)
    {
        var r = ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        _bands.Check($"{file} p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms(file, "tpot_p50"), 0.25, tpotLow, tpotHigh);
        _bands.Check($"{file} p99 TPOT ms", c.Tpot.ToSummary().P99 * 1e3, Ms(file, "tpot_p99"), 0.35, tpotLow, tpotHigh);
        _bands.Check($"{file} p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms(file, "ttft_p99"), 0.35, ttftLow, ttftHigh);
        // The measurement's Little's-law figure counts queued requests too; the simulated queues here are short (p99 TTFT
        // about 0.13 s), so the running set stands for it, as in MlperfV41ValidationTests.
        _bands.Check($"{file} running sequences per replica against requests in system (Little)", r.TextReplicas.Average(x => x.MeanRunning), Published.Figure(file, "requests_in_system_per_replica"), 0.25, batchLow, batchHigh);
        // The served rate itself is right where the run keeps up: what arrives is served.
        _bands.Check($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(file, "output_tokens_per_s"), 0.10, servedLow, servedHigh);
        _bands.AssertAllInBand();
    }

    [Theory]
    // file, band of the error. Between two tokens of a running sequence a vLLM V0 replica runs one decode iteration of its
    // Little's-law sequences and, in iterations of their own, the prompts that arrived meanwhile (rate x TPOT, each
    // prefilled alone at these rates). Built from the measurement, not from a simulation: the step model alone.
    // The step alone is 16 to 21 % short with vLLM's own attention and 7 % long with FlashInfer's since V0's host work is
    // charged once a round (2026-12-06; before, -27 to -31 % and -12.5 %): the whole runs' -50 to -64 % is that error
    // amplified near the knee (1 / (1 - load)), as on NVIDIA's servers (OperatingPointStepTests).
    [InlineData("mlperf50-krai-h200-vllm064-llama2-70b-server.yaml", -0.23, -0.13)]               // -17.4 % (-17.8 % with cv 0.6; -31.4 %): 218 decodes and 0.75 prompts
    [InlineData("mlperf50-krai-h200-vllm073-llama2-70b-server.yaml", -0.21, -0.11)]               // -15.2 % (-15.5 %; -29.8 %): 239 decodes, 0.82 prompts
    [InlineData("mlperf50-krai-h200-vllm064-flashinfer-llama2-70b-server.yaml", 0.02, 0.12)]      // +7.3 % (+6.8 %; -12.5 %): 442 decodes, 1.57 prompts
    [InlineData("mlperf50-krai-mi300x-vllm064-llama2-70b-server.yaml", -0.21, -0.11)]             // -15.8 % (-16.1 %; -26.6 %): 285 decodes, 0.98 prompts
    [InlineData("mlperf50-krai-mi300x-vllm073-llama2-70b-server.yaml", -0.26, -0.16)]             // -21.0 % (-21.2 %; -30.9 %): 253 decodes, 0.89 prompts
    public void The_step_at_the_measured_operating_point_against_the_measured_median_TPOT(string file, double low, double high)
    {
        var error = StepError(file);
        Assert.InRange(error, low, high);
    }

    /// <summary>The step between two tokens at the measured operating point over the measured median TPOT, less one (the theory above).</summary>
    private double StepError(string file)
    {
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", "validation", file));
        var model = ((ExecutionModelTimer)Assert.Single(ScenarioCompiler.Compile(scenario).Setup.Pools).Timer).Model;
        var sequences = (int)Math.Round(Published.Figure(file, "requests_in_system_per_replica"));
        var rate = Published.Figure(file, MeasuredFigures.Capacity) / scenario.Deployments.Single().Replicas;
        var tpotMs = Ms(file, "tpot_p50");

        // The dataset's mean prompt, 222.33 tokens; outputs log-normal with mean 294.45 and cv 0.72, whose length-biased
        // half is E[L^2] / 2 E[L] = 223.6 (OperatingPointStepTests; 200.2 at the cv of 0.6 assumed before 2026-12-07).
        var decode = model.Predict(IterationShape.Decode(sequences, (long)Math.Round(222.33 + 223.6)));
        var prompt = model.Predict(IterationShape.Prefill(1, 222));
        var arrivals = rate * tpotMs / 1e3;
        var betweenTokens = decode.Seconds + (arrivals * prompt.Seconds);

        var error = betweenTokens * 1e3 / tpotMs - 1;
        output.WriteLine($"{file}: {sequences} decodes in {decode.Seconds * 1e3:F1} ms and {arrivals:F2} prompts of {prompt.Seconds * 1e3:F1} ms: " +
                         $"{betweenTokens * 1e3:F1} ms between tokens, measured median TPOT {tpotMs:F1} ms, {100 * error:+0.0;-0.0;0.0} %");
        return error;
    }

    [Theory]
    // A WHAT-IF, not a fit (as OperatingPointStepTests does on NVIDIA's rows): every step scaled by 1 / (1 + the step error
    // above), so that the step at the measured operating point takes the measured median TPOT; the scale comes from that
    // median at the measured batch, so p50 TPOT and the batch are in sample (StepOnlyWhatIf). file, bands of p50 and p99 TPOT, p50 TTFT and running sequences.
    // First run 2026-12-06: TPOT within 8 % and the batch 10 to 18 % short, but the first token 70 to 86 % early at the
    // median: Krai's servers hand out their first token about two steps later than their engines' steps explain (their
    // streamed OpenAI-API path and the clients' spread, neither modelled nor measured), a gap of its own beside the step.
    [InlineData("mlperf50-krai-h200-vllm064-llama2-70b-server.yaml", -0.12, 0.08, -0.80, -0.62, -0.20, -0.02)]            // x 1.211: -4.8 / -0.8 %, TTFT p50 -71.8 %, sequences -13.7 % {cv 0.6: x 1.216: -1.9 / 0.0 %, -71.3 %, -10.2 %}
    [InlineData("mlperf50-krai-h200-vllm073-llama2-70b-server.yaml", -0.12, 0.08, -0.80, -0.62, -0.22, -0.04)]            // x 1.179: -6.5 / -3.6 %, -70.5 %, -15.9 % {x 1.184: -3.3 / -2.9 %, -69.7 %, -12.7 %}
    [InlineData("mlperf50-krai-h200-vllm064-flashinfer-llama2-70b-server.yaml", -0.16, 0.04, -0.92, -0.78, -0.28, -0.08)] // x 0.932: -12.1 / -5.0 %, -86.3 %, -20.4 % {x 0.936: -8.0 / -2.4 %, -86.1 %, -16.0 %}
    [InlineData("mlperf50-krai-mi300x-vllm064-llama2-70b-server.yaml", -0.16, 0.04, -0.84, -0.66, -0.28, -0.10)]         // x 1.187: -11.5 / -5.5 %, -75.6 %, -21.6 % {x 1.192: -7.6 / -2.7 %, -75.1 %, -17.6 %}
    [InlineData("mlperf50-krai-mi300x-vllm073-llama2-70b-server.yaml", -0.10, 0.10, -0.80, -0.62, -0.20, -0.02)]          // x 1.265: -4.0 / -1.3 %, -72.0 %, -13.8 % {x 1.270: -0.1 / +2.2 %, -71.4 %, -9.6 %}
    public void What_if_the_vllm_v0_server_step_were_priced_as_measured_at_the_operating_point(
        string file, double tpotLow, double tpotHigh, double ttftLow, double ttftHigh, double sequencesLow, double sequencesHigh)
    {
        var w = StepOnlyWhatIf.Run("validation", file, 1 / (1 + StepError(file)));
        output.WriteLine(w.Describe(file));
        var (tpot50, tpot99, ttft50, running) = (w.Tpot50, w.Tpot99, w.Ttft50, w.Sequences);

        // In sample, by construction (the scale's source, and Little's law at the measured rate): p50 TPOT and the batch.
        Assert.InRange(tpot50, tpotLow, tpotHigh);
        Assert.InRange(running, sequencesLow, sequencesHigh);

        // What the run adds: the TPOT tail and the first token.
        Assert.InRange(tpot99, tpotLow, tpotHigh);
        Assert.InRange(ttft50, ttftLow, ttftHigh);
    }
}
