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
/// +5 to +12 %, H200 TP8 +3 to +6 %, GB200 TP4 +7 to +12 % with the GB200's own measured all-reduces, +20 to +31 %
/// with the H100 link fit before them) where 405B at TP8 is -3 to +10 %, the 8B at 128/128 with these 1,000 requests
/// comes out +16 % (H100) and +21 % (H200), and the GB200 at TP1 comes out 11-18 % slow. (Since 2026-12-05 the
/// activations every tensor-parallel rank moves whole count 10 x hidden a token and layer, where they counted 4: the
/// TP8 rows moved 3 to 6 points toward their measurements, the TP1 rows 1 to 2 points slower; all 48 from 8.5 to 4.8 %
/// median.) (Since 2026-12-04 the memory
/// efficiency no longer pays the GEMM launch twice: the rows moved by -4 to +3 points, all 48 from 8.5 to 8.6 %.) Kernels timed on an H200 rule out thin shards as the cause
/// of the 70B excess (H200KernelProbeTests). (Until 2026-12 these runs measured to the next whole second after their last
/// completion, which understated the short ones by up to 10 %; until 2026-12-04 the embedding lookup counted as a GEMM
/// on every token, which made the 8B rows 2 to 5 % slower, and every GEMM ran at one rate whatever its inner dimension,
/// which made the multi-GPU 70B rows 1 to 2 points faster, and no GEMM launch had a fixed cost, which moved the time
/// a deep model spends per step to a shallow one: 8B rows 1 to 5 points slower, 405B 1 point faster.)
/// One assumption was read against the rows, and is weaker for it: that `--quantization FP8` quantizes the KV cache too
/// (with a 16-bit cache the build heuristic gives 160 sequences on an H100 for the 8B model and those rows come out
/// 30 to 50 % low).
/// </summary>
public sealed class TrtllmBenchValidationTests(ITestOutputHelper output)
{
    [Theory]
    // file, input and output tokens per request, band of the error (the measured output tokens/s: the file's row of these lengths)
    [InlineData("trtllm-bench-llama31-8b-h100.yaml", 128, 128, 0.105, 0.205)] // +15.5 %
    [InlineData("trtllm-bench-llama31-8b-h100.yaml", 128, 1024, 0.030, 0.130)] // +8.0 %
    [InlineData("trtllm-bench-llama31-8b-h100.yaml", 128, 2048, -0.019, 0.081)] // +3.1 %
    [InlineData("trtllm-bench-llama31-8b-h100.yaml", 500, 2000, -0.028, 0.072)] // +2.2 %
    [InlineData("trtllm-bench-llama31-8b-h100.yaml", 1024, 1024, -0.066, 0.034)] // -1.6 %
    [InlineData("trtllm-bench-llama31-8b-h100.yaml", 2048, 2048, -0.078, 0.022)] // -2.8 %
    [InlineData("trtllm-bench-llama31-70b-8xh100.yaml", 128, 128, 0.005, 0.105)] // +5.5 %
    [InlineData("trtllm-bench-llama31-70b-8xh100.yaml", 128, 1024, 0.051, 0.151)] // +10.1 %
    [InlineData("trtllm-bench-llama31-70b-8xh100.yaml", 128, 2048, 0.065, 0.165)] // +11.5 %
    [InlineData("trtllm-bench-llama31-70b-8xh100.yaml", 500, 2000, 0.052, 0.152)] // +10.2 %
    [InlineData("trtllm-bench-llama31-70b-8xh100.yaml", 1024, 1024, 0.004, 0.104)] // +5.4 %
    [InlineData("trtllm-bench-llama31-70b-8xh100.yaml", 2048, 2048, 0.046, 0.146)] // +9.6 %
    [InlineData("trtllm-bench-llama3-405b-8xh100.yaml", 128, 128, -0.053, 0.047)] // -0.3 %
    [InlineData("trtllm-bench-llama3-405b-8xh100.yaml", 128, 1024, -0.014, 0.086)] // +3.6 %
    [InlineData("trtllm-bench-llama3-405b-8xh100.yaml", 128, 2048, -0.007, 0.093)] // +4.3 %
    [InlineData("trtllm-bench-llama3-405b-8xh100.yaml", 500, 2000, -0.021, 0.079)] // +2.9 %
    [InlineData("trtllm-bench-llama3-405b-8xh100.yaml", 1024, 1024, -0.053, 0.047)] // -0.3 %
    [InlineData("trtllm-bench-llama3-405b-8xh100.yaml", 2048, 2048, 0.054, 0.154)] // +10.4 %
    [InlineData("trtllm-bench-llama31-8b-h200.yaml", 128, 128, 0.160, 0.260)] // +21.0 %
    [InlineData("trtllm-bench-llama31-8b-h200.yaml", 128, 1024, -0.013, 0.087)] // +3.7 %
    [InlineData("trtllm-bench-llama31-8b-h200.yaml", 128, 2048, -0.062, 0.038)] // -1.2 %
    [InlineData("trtllm-bench-llama31-8b-h200.yaml", 500, 2000, -0.076, 0.024)] // -2.6 %
    [InlineData("trtllm-bench-llama31-8b-h200.yaml", 1024, 1024, -0.069, 0.031)] // -1.9 %
    [InlineData("trtllm-bench-llama31-8b-h200.yaml", 2048, 2048, 0.005, 0.105)] // +5.5 %
    [InlineData("trtllm-bench-llama3-70b-8xh200.yaml", 128, 128, 0.009, 0.109)] // +5.9 %
    [InlineData("trtllm-bench-llama3-70b-8xh200.yaml", 128, 1024, -0.007, 0.093)] // +4.3 %
    [InlineData("trtllm-bench-llama3-70b-8xh200.yaml", 128, 2048, -0.009, 0.091)] // +4.1 %
    [InlineData("trtllm-bench-llama3-70b-8xh200.yaml", 500, 2000, -0.014, 0.086)] // +3.6 %
    [InlineData("trtllm-bench-llama3-70b-8xh200.yaml", 1024, 1024, -0.018, 0.082)] // +3.2 %
    [InlineData("trtllm-bench-llama3-70b-8xh200.yaml", 2048, 2048, -0.018, 0.082)] // +3.2 %
    [InlineData("trtllm-bench-llama3-405b-8xh200.yaml", 128, 128, -0.026, 0.074)] // +2.4 %
    [InlineData("trtllm-bench-llama3-405b-8xh200.yaml", 128, 1024, -0.074, 0.026)] // -2.4 %
    [InlineData("trtllm-bench-llama3-405b-8xh200.yaml", 128, 2048, -0.079, 0.021)] // -2.9 %
    [InlineData("trtllm-bench-llama3-405b-8xh200.yaml", 500, 2000, -0.064, 0.036)] // -1.4 %
    [InlineData("trtllm-bench-llama3-405b-8xh200.yaml", 1024, 1024, -0.031, 0.069)] // +1.9 %
    [InlineData("trtllm-bench-llama3-405b-8xh200.yaml", 2048, 2048, -0.010, 0.090)] // +4.0 %
    [InlineData("trtllm-bench-llama31-8b-gb200.yaml", 128, 128, -0.185, -0.085)] // -13.5 %
    [InlineData("trtllm-bench-llama31-8b-gb200.yaml", 128, 1024, -0.227, -0.127)] // -17.7 %
    [InlineData("trtllm-bench-llama31-8b-gb200.yaml", 128, 2048, -0.221, -0.121)] // -17.1 %
    [InlineData("trtllm-bench-llama31-8b-gb200.yaml", 500, 2000, -0.202, -0.102)] // -15.2 %
    [InlineData("trtllm-bench-llama31-8b-gb200.yaml", 1024, 1024, -0.168, -0.068)] // -11.8 %
    [InlineData("trtllm-bench-llama31-8b-gb200.yaml", 2048, 2048, -0.162, -0.062)] // -11.2 %
    [InlineData("trtllm-bench-llama3-70b-4xgb200.yaml", 128, 128, 0.072, 0.172)] // +12.2 %
    [InlineData("trtllm-bench-llama3-70b-4xgb200.yaml", 128, 1024, 0.034, 0.134)] // +8.4 %
    [InlineData("trtllm-bench-llama3-70b-4xgb200.yaml", 128, 2048, 0.018, 0.118)] // +6.8 %
    [InlineData("trtllm-bench-llama3-70b-4xgb200.yaml", 500, 2000, 0.019, 0.119)] // +6.9 %
    [InlineData("trtllm-bench-llama3-70b-4xgb200.yaml", 1024, 1024, 0.059, 0.159)] // +10.9 %
    [InlineData("trtllm-bench-llama3-70b-4xgb200.yaml", 2048, 2048, 0.021, 0.121)] // +7.1 %
    public void Offline_output_tokens_per_second_against_the_published_row(string file, int input, int outputTokens, double low, double high)
    {
        // The published figure for these lengths, as the file's measured row holds it (clustersim accuracy reads the same).
        var measured = Published.Figure(file, $"{input}/{outputTokens}", "output_tokens_per_s");
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
