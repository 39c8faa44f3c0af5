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
/// With it they read 22 to 63 % fast, and the servers' steps are a third of the measured ones: the same finding from
/// both scenarios, a vLLM V0 step the model prices about half as long as it runs (README, Known gaps). Every figure is
/// held to the band it is in, so that a change either way is seen.
/// </summary>
public sealed class MlperfV50KraiValidationTests(ITestOutputHelper output)
{
    private readonly ErrorBands _bands = new(output);

    private static double Ms(string file, string figure) => Published.Figure(file, figure) * 1e3;

    [Theory]
    // file, band of the error
    [InlineData("mlperf50-krai-h200-vllm064-llama2-70b-offline.yaml", 0.58, 0.68)]             // +63.4 % (+20.2 % without the watermark, 57,114 preemptions)
    [InlineData("mlperf50-krai-h200-vllm073-llama2-70b-offline.yaml", 0.55, 0.65)]             // +60.2 % (+17.9 %)
    // The same engine and settings as vLLM 0.6.4 above with FlashInfer's attention ran 34 % faster; the model sees no backend.
    [InlineData("mlperf50-krai-h200-vllm064-flashinfer-llama2-70b-offline.yaml", 0.17, 0.27)]  // +21.6 % (-10.5 %)
    [InlineData("mlperf50-krai-mi300x-vllm064-llama2-70b-offline.yaml", 0.22, 0.32)]           // +26.7 % (-4.9 %)
    [InlineData("mlperf50-krai-mi300x-vllm073-llama2-70b-offline.yaml", 0.33, 0.43)]           // +37.5 % (+3.6 %)
    public void Offline_output_tokens_per_second(string file, double bandLow, double bandHigh)
    {
        var r = ScenarioRuns.Validation(file);
        _bands.Check($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(file, "output_tokens_per_s"), 0.10, bandLow, bandHigh);
        _bands.AssertAllInBand();
    }

    [Theory]
    // file; bands of p50 and p99 TPOT, of p99 TTFT and sequences per replica (Little). Each server ran near its limit of
    // sequences (256, 1,024 or 512 a GPU): the real replicas held 218 to 442 sequences, the simulated ones a third of that
    // in steps a third as long, and the queue that gave the real p99 TTFTs does not form.
    [InlineData("mlperf50-krai-h200-vllm064-llama2-70b-server.yaml", -0.73, -0.63, -0.87, -0.77, -0.73, -0.63)]            // -67.7 / -67.3 %, -82.1 %, -68.0 %
    [InlineData("mlperf50-krai-h200-vllm073-llama2-70b-server.yaml", -0.73, -0.62, -0.96, -0.88, -0.73, -0.63)]            // -67.6 / -66.6 %, -93.1 %, -68.0 %
    [InlineData("mlperf50-krai-h200-vllm064-flashinfer-llama2-70b-server.yaml", -0.57, -0.46, -0.93, -0.85, -0.58, -0.48)] // -51.7 / -48.3 %, -89.4 %, -52.8 %
    [InlineData("mlperf50-krai-mi300x-vllm064-llama2-70b-server.yaml", -0.75, -0.65, -0.89, -0.80, -0.76, -0.66)]          // -70.3 / -69.6 %, -84.7 %, -70.8 %
    [InlineData("mlperf50-krai-mi300x-vllm073-llama2-70b-server.yaml", -0.77, -0.67, -0.87, -0.77, -0.77, -0.67)]          // -72.2 / -72.6 %, -82.1 %, -72.0 %
    public void Server_at_the_measured_rate_latency_and_batch(string file, double tpotLow, double tpotHigh, double ttftLow, double ttftHigh,
        double batchLow, double batchHigh)
    {
        var r = ScenarioRuns.Validation(file);
        var c = r.Classes[0];
        _bands.Check($"{file} p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms(file, "tpot_p50"), 0.25, tpotLow, tpotHigh);
        _bands.Check($"{file} p99 TPOT ms", c.Tpot.ToSummary().P99 * 1e3, Ms(file, "tpot_p99"), 0.35, tpotLow, tpotHigh);
        _bands.Check($"{file} p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms(file, "ttft_p99"), 0.35, ttftLow, ttftHigh);
        // The measurement's Little's-law figure counts queued requests too; the simulated queues here are short (p99 TTFT
        // about 0.13 s), so the running set stands for it, as in MlperfV41ValidationTests.
        _bands.Check($"{file} running sequences per replica against requests in system (Little)", r.TextReplicas.Average(x => x.MeanRunning), Published.Figure(file, "requests_in_system_per_replica"), 0.25, batchLow, batchHigh);
        // The served rate itself is right: what arrives is served, the run keeps up.
        _bands.Check($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(file, "output_tokens_per_s"), 0.10, -0.10, 0.10);
        _bands.AssertAllInBand();
    }

    [Theory]
    // file, band of the error. Between two tokens of a running sequence a vLLM V0 replica runs one decode iteration of its
    // Little's-law sequences and, in iterations of their own, the prompts that arrived meanwhile (rate x TPOT, each
    // prefilled alone at these rates). Built from the measurement, not from a simulation: the step model alone.
    // The step alone is 27 to 31 % short with vLLM's own attention, 12.5 % with FlashInfer's: the whole runs' -52 to -72 %
    // is that error amplified near the knee (1 / (1 - load)), as on NVIDIA's servers (OperatingPointStepTests).
    [InlineData("mlperf50-krai-h200-vllm064-llama2-70b-server.yaml", -0.365, -0.265)]             // -31.4 %: 218 decodes in 52.9 ms and 0.75 prompts of 43.9 ms
    [InlineData("mlperf50-krai-h200-vllm073-llama2-70b-server.yaml", -0.35, -0.25)]               // -29.8 %: 239 in 56.2 ms, 0.82 prompts
    [InlineData("mlperf50-krai-h200-vllm064-flashinfer-llama2-70b-server.yaml", -0.175, -0.075)]  // -12.5 %: 442 in 88.1 ms, 1.57 prompts
    [InlineData("mlperf50-krai-mi300x-vllm064-llama2-70b-server.yaml", -0.315, -0.215)]           // -26.6 %: 285 in 73.2 ms, 0.98 prompts of 47.4 ms
    [InlineData("mlperf50-krai-mi300x-vllm073-llama2-70b-server.yaml", -0.36, -0.26)]             // -30.9 %: 253 in 67.0 ms, 0.89 prompts
    public void The_step_at_the_measured_operating_point_against_the_measured_median_TPOT(string file, double low, double high)
    {
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", "validation", file));
        var model = ((ExecutionModelTimer)Assert.Single(ScenarioCompiler.Compile(scenario).Setup.Pools).Timer).Model;
        var sequences = (int)Math.Round(Published.Figure(file, "requests_in_system_per_replica"));
        var rate = Published.Figure(file, MeasuredFigures.Capacity) / scenario.Deployments.Single().Replicas;
        var tpotMs = Ms(file, "tpot_p50");

        // The dataset's mean prompt, 222.33 tokens; outputs log-normal with mean 294.45 and cv 0.6, whose length-biased
        // half is E[L^2] / 2 E[L] = 200.2 (OperatingPointStepTests).
        var decode = model.Predict(IterationShape.Decode(sequences, (long)Math.Round(222.33 + 200.2)));
        var prompt = model.Predict(IterationShape.Prefill(1, 222));
        var arrivals = rate * tpotMs / 1e3;
        var betweenTokens = decode.Seconds + (arrivals * prompt.Seconds);

        var error = betweenTokens * 1e3 / tpotMs - 1;
        output.WriteLine($"{file}: {sequences} decodes in {decode.Seconds * 1e3:F1} ms and {arrivals:F2} prompts of {prompt.Seconds * 1e3:F1} ms: " +
                         $"{betweenTokens * 1e3:F1} ms between tokens, measured median TPOT {tpotMs:F1} ms, {100 * error:+0.0;-0.0} %");
        Assert.InRange(error, low, high);
    }
}
