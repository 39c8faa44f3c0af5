using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: TensorRT-LLM v0.15's offline throughput (trtllm-bench, FP8, 1,000 requests of fixed lengths) for
/// Llama 3.1 8B on one GPU and Llama 3 / 3.1 70B and 405B on eight, on H100 and H200 (405B on eight H100s holds only
/// about 250 sequences: a memory-bound regime), and 8B on one and 70B on four
/// GB200s (a Blackwell part nothing was fitted on; TensorRT-LLM version unstated, engine settings weaker for it), as
/// Microsoft's AI benchmarking guide measured it (scenarios/validation/trtllm-bench-*.yaml give the source, the rows and every assumption about
/// the engine's settings). No factor of any stack was set from these rows: the trtllm-fp8 entry comes from kernel and
/// single-request measurements, the H200's and GB200's from it by the parts' measured matmul (and, for the H200,
/// bandwidth) shares. Each row is held to the band it is in today (about five points either side), so that drift in
/// either direction fails. Known gaps, asserted as the bands they are in: multi-GPU 70B runs come out fast (H100 TP8
/// +12 to +18 %, H200 TP8 +6 to +12 %, GB200 TP4 +10 to +18 % with the GB200's own measured all-reduces, +20 to +31 %
/// with the H100 link fit before them) where 405B at TP8 is within 5 %, and the GB200 at TP1 comes out 14-18 % slow. (Until 2026-12 these runs measured to the next whole second after their last completion,
/// which understated the short ones by up to 10 %.)
/// One assumption was read against the rows, and is weaker for it: that `--quantization FP8` quantizes the KV cache too
/// (with a 16-bit cache the build heuristic gives 160 sequences on an H100 for the 8B model and those rows come out
/// 30 to 50 % low).
/// </summary>
public sealed class TrtllmBenchValidationTests(ITestOutputHelper output)
{
    [Theory]
    // file, input and output tokens per request, measured output tokens/s, band of the error
    [InlineData("trtllm-bench-llama31-8b-h100.yaml", 128, 128, 15163, 0.092, 0.192)] // +14.2 %
    [InlineData("trtllm-bench-llama31-8b-h100.yaml", 128, 1024, 17075, 0.014, 0.114)] // +6.4 %
    [InlineData("trtllm-bench-llama31-8b-h100.yaml", 128, 2048, 15014, -0.045, 0.055)] // +0.5 %
    [InlineData("trtllm-bench-llama31-8b-h100.yaml", 500, 2000, 13047, -0.06, 0.04)] // -1.0 %
    [InlineData("trtllm-bench-llama31-8b-h100.yaml", 1024, 1024, 11724, -0.1, 0.0)] // -5.0 %
    [InlineData("trtllm-bench-llama31-8b-h100.yaml", 2048, 2048, 8026, -0.121, -0.021)] // -7.1 %
    [InlineData("trtllm-bench-llama31-70b-8xh100.yaml", 128, 128, 10032, 0.09, 0.19)] // +14.0 %
    [InlineData("trtllm-bench-llama31-70b-8xh100.yaml", 128, 1024, 13345, 0.128, 0.228)] // +17.8 %
    [InlineData("trtllm-bench-llama31-70b-8xh100.yaml", 128, 2048, 12910, 0.133, 0.233)] // +18.3 %
    [InlineData("trtllm-bench-llama31-70b-8xh100.yaml", 500, 2000, 11594, 0.117, 0.217)] // +16.7 %
    [InlineData("trtllm-bench-llama31-70b-8xh100.yaml", 1024, 1024, 9125, 0.073, 0.173)] // +12.3 %
    [InlineData("trtllm-bench-llama31-70b-8xh100.yaml", 2048, 2048, 7908, 0.102, 0.202)] // +15.2 %
    [InlineData("trtllm-bench-llama3-405b-8xh100.yaml", 128, 128, 2515, -0.005, 0.095)] // +4.5 %
    [InlineData("trtllm-bench-llama3-405b-8xh100.yaml", 128, 1024, 3417, 0.028, 0.128)] // +7.8 %
    [InlineData("trtllm-bench-llama3-405b-8xh100.yaml", 128, 2048, 3434, 0.031, 0.131)] // +8.1 %
    [InlineData("trtllm-bench-llama3-405b-8xh100.yaml", 500, 2000, 3143, 0.018, 0.118)] // +6.8 %
    [InlineData("trtllm-bench-llama3-405b-8xh100.yaml", 1024, 1024, 2422, -0.01, 0.09)] // +4.0 %
    [InlineData("trtllm-bench-llama3-405b-8xh100.yaml", 2048, 2048, 1973, 0.095, 0.195)] // +14.5 %
    [InlineData("trtllm-bench-llama31-8b-h200.yaml", 128, 128, 17853, 0.146, 0.246)] // +19.6 %
    [InlineData("trtllm-bench-llama31-8b-h200.yaml", 128, 1024, 23880, -0.023, 0.077)] // +2.7 %
    [InlineData("trtllm-bench-llama31-8b-h200.yaml", 128, 2048, 21255, -0.082, 0.018)] // -3.2 %
    [InlineData("trtllm-bench-llama31-8b-h200.yaml", 500, 2000, 18357, -0.103, -0.003)] // -5.3 %
    [InlineData("trtllm-bench-llama31-8b-h200.yaml", 1024, 1024, 15043, -0.101, -0.001)] // -5.1 %
    [InlineData("trtllm-bench-llama31-8b-h200.yaml", 2048, 2048, 9736, -0.039, 0.061)] // +1.1 %
    [InlineData("trtllm-bench-llama3-70b-8xh200.yaml", 128, 128, 11973, 0.086, 0.186)] // +13.6 %
    [InlineData("trtllm-bench-llama3-70b-8xh200.yaml", 128, 1024, 18369, 0.061, 0.161)] // +11.1 %
    [InlineData("trtllm-bench-llama3-70b-8xh200.yaml", 128, 2048, 18219, 0.051, 0.151)] // +10.1 %
    [InlineData("trtllm-bench-llama3-70b-8xh200.yaml", 500, 2000, 15911, 0.043, 0.143)] // +9.3 %
    [InlineData("trtllm-bench-llama3-70b-8xh200.yaml", 1024, 1024, 11302, 0.044, 0.144)] // +9.4 %
    [InlineData("trtllm-bench-llama3-70b-8xh200.yaml", 2048, 2048, 10371, 0.031, 0.131)] // +8.1 %
    [InlineData("trtllm-bench-llama3-405b-8xh200.yaml", 128, 128, 3148, 0.024, 0.124)] // +7.4 %
    [InlineData("trtllm-bench-llama3-405b-8xh200.yaml", 128, 1024, 4981, -0.031, 0.069)] // +1.9 %
    [InlineData("trtllm-bench-llama3-405b-8xh200.yaml", 128, 2048, 5098, -0.039, 0.061)] // +1.1 %
    [InlineData("trtllm-bench-llama3-405b-8xh200.yaml", 500, 2000, 4447, -0.024, 0.076)] // +2.6 %
    [InlineData("trtllm-bench-llama3-405b-8xh200.yaml", 1024, 1024, 3050, 0.014, 0.114)] // +6.4 %
    [InlineData("trtllm-bench-llama3-405b-8xh200.yaml", 2048, 2048, 2859, 0.031, 0.131)] // +8.1 %
    [InlineData("trtllm-bench-llama31-8b-gb200.yaml", 128, 128, 41058, -0.189, -0.089)] // -13.9 %
    [InlineData("trtllm-bench-llama31-8b-gb200.yaml", 128, 1024, 46703, -0.232, -0.132)] // -18.2 %
    [InlineData("trtllm-bench-llama31-8b-gb200.yaml", 128, 2048, 39809, -0.234, -0.134)] // -18.4 %
    [InlineData("trtllm-bench-llama31-8b-gb200.yaml", 500, 2000, 33836, -0.222, -0.122)] // -17.2 %
    [InlineData("trtllm-bench-llama31-8b-gb200.yaml", 1024, 1024, 27944, -0.192, -0.092)] // -14.2 %
    [InlineData("trtllm-bench-llama31-8b-gb200.yaml", 2048, 2048, 20341, -0.197, -0.097)] // -14.7 %
    [InlineData("trtllm-bench-llama3-70b-4xgb200.yaml", 128, 128, 13715, 0.133, 0.233)] // +18.3 %
    [InlineData("trtllm-bench-llama3-70b-4xgb200.yaml", 128, 1024, 21626, 0.085, 0.185)] // +13.5 %
    [InlineData("trtllm-bench-llama3-70b-4xgb200.yaml", 128, 2048, 21374, 0.058, 0.158)] // +10.8 %
    [InlineData("trtllm-bench-llama3-70b-4xgb200.yaml", 500, 2000, 18279, 0.055, 0.155)] // +10.5 %
    [InlineData("trtllm-bench-llama3-70b-4xgb200.yaml", 1024, 1024, 12376, 0.102, 0.202)] // +15.2 %
    [InlineData("trtllm-bench-llama3-70b-4xgb200.yaml", 2048, 2048, 10642, 0.052, 0.152)] // +10.2 %
    public void Offline_output_tokens_per_second_against_the_published_row(string file, int input, int outputTokens, double measured, double low, double high)
    {
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", "validation", file),
            [$"workloads.synth.prompt_tokens.value={input}", $"workloads.synth.output_tokens.value={outputTokens}"]);
        var r = ClusterRun.Execute(ScenarioCompiler.Compile(scenario));
        Assert.Equal(1000, r.Overall.Completed);
        Assert.Equal(0, r.Overall.Preemptions);   // guaranteed no evict: nothing is ever recomputed

        var simulated = r.Overall.OutputTokensPerSecond(r.MeasuredSeconds);
        var error = simulated / measured - 1;
        output.WriteLine($"{file} {input}/{outputTokens}: simulated {simulated:F0} tok/s, measured {measured:F0}, {100 * error:+0.0;-0.0} %");
        Assert.InRange(error, low, high);
    }
}
