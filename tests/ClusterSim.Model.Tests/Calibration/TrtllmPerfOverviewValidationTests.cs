using System.Globalization;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: TensorRT-LLM 1.0's offline throughput on its PyTorch backend as NVIDIA publishes it in the
/// performance overview (docs/source/performance/perf-overview.md: FP8 Llama 3.1 8B on one H100 and one H200, Llama 3.3
/// 70B on one H200 and two H100s, Llama 3.1 405B on eight of each; ten input/output lengths from 128/128 to 20000/2000,
/// 1,000 to 30,000 requests each), run with the engine settings trtllm-bench derives for each row
/// (<see cref="TrtllmBenchSettings"/>) and the stack trtllm-pytorch-fp8: the trtllm-fp8 entry's kernel factors with its host
/// time overlapped by the PyTorch backend's overlap scheduler (documented, on by default). No factor of any stack was set
/// from these rows. Caveat, stated: they were run once with the in-series trtllm-fp8 stack before the overlap was added
/// (the 8B rows then came out 10 to 30 % slow where the step is short), so they are weaker evidence for the overlap's form
/// than for the kernels. Each row is held to the band it is in today (about five points either side), so that drift in
/// either direction fails; the scenarios (scenarios/validation/trtllm-pytorch-*.yaml) give every assumption. A known gap,
/// asserted as the band it is in: Llama 3.3 70B in NVFP4 on one B200 comes out 30 to 45 % fast on all ten rows (the
/// catalog has no measured B200 FP4 or FP8 matmul share nor STREAM share, so the H100 FP8 factors apply unchanged, and
/// NVFP4's block scales are not counted).
/// </summary>
public sealed class TrtllmPerfOverviewValidationTests(ITestOutputHelper output)
{
    [Theory]
    // file, input and output tokens, requests (as the page gives them), measured output tokens/s, band of the error
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 128, 128, 30000, 28312, 0.034, 0.134)] // +8.4 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 128, 2048, 3000, 22714, -0.118, -0.018)] // -6.8 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 128, 4096, 1500, 14325, -0.130, -0.030)] // -8.0 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 500, 2000, 3000, 17660, -0.082, 0.018)] // -3.2 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 1000, 1000, 3000, 15220, -0.073, 0.027)] // -2.3 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 1000, 2000, 1500, 13899, -0.103, -0.003)] // -5.3 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 2048, 128, 3000, 3450, -0.003, 0.097)] // +4.7 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 2048, 2048, 1500, 9305, -0.059, 0.041)] // -0.9 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 5000, 500, 1500, 3459, -0.014, 0.086)] // +3.6 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 20000, 2000, 1000, 1351, 0.034, 0.134)] // +8.4 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 128, 128, 30000, 27911, 0.144, 0.244)] // +19.4 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 128, 2048, 3000, 26221, -0.003, 0.097)] // +4.7 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 128, 4096, 1500, 18027, -0.056, 0.044)] // -0.6 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 500, 2000, 3000, 20770, 0.035, 0.135)] // +8.5 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 1000, 1000, 3000, 17744, 0.006, 0.106)] // +5.6 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 1000, 2000, 1500, 16828, -0.010, 0.090)] // +4.0 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 2048, 128, 3000, 3538, 0.079, 0.179)] // +12.9 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 2048, 2048, 1500, 12194, -0.058, 0.042)] // -0.8 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 5000, 500, 1500, 3902, 0.061, 0.161)] // +11.1 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 20000, 2000, 1000, 1804, 0.051, 0.151)] // +10.1 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 128, 128, 30000, 3803, 0.047, 0.147)] // +9.7 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 128, 2048, 3000, 4336, -0.155, -0.055)] // -10.5 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 128, 4096, 1500, 2872, -0.153, -0.053)] // -10.3 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 500, 2000, 3000, 3666, -0.155, -0.055)] // -10.5 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 1000, 1000, 3000, 2909, -0.116, -0.016)] // -6.6 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 1000, 2000, 1500, 2994, -0.177, -0.077)] // -12.7 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 2048, 128, 3000, 442, 0.058, 0.158)] // +10.8 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 2048, 2048, 1500, 2003, -0.086, 0.014)] // -3.6 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 5000, 500, 1500, 566, 0.003, 0.103)] // +5.3 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 20000, 2000, 1000, 283, 0.026, 0.126)] // +7.6 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 128, 128, 30000, 6378, 0.044, 0.144)] // +9.4 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 128, 2048, 3000, 6651, -0.098, 0.002)] // -4.8 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 128, 4096, 1500, 4199, -0.056, 0.044)] // -0.6 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 500, 2000, 3000, 5222, -0.037, 0.063)] // +1.3 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 1000, 1000, 3000, 4205, 0.010, 0.110)] // +6.0 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 1000, 2000, 1500, 4146, -0.034, 0.066)] // +1.6 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 2048, 128, 3000, 762, 0.020, 0.120)] // +7.0 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 2048, 2048, 1500, 3082, -0.059, 0.041)] // -0.9 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 5000, 500, 1500, 898, 0.056, 0.156)] // +10.6 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 20000, 2000, 1000, 437, 0.104, 0.204)] // +15.4 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 128, 128, 30000, 3814, 0.069, 0.169)] // +11.9 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 128, 2048, 3000, 5348, 0.120, 0.220)] // +17.0 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 128, 4096, 1500, 4741, 0.059, 0.159)] // +10.9 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 500, 2000, 3000, 4724, 0.091, 0.191)] // +14.1 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 1000, 1000, 3000, 3330, 0.072, 0.172)] // +12.2 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 1000, 2000, 1500, 3722, 0.122, 0.222)] // +17.2 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 2048, 128, 3000, 456, 0.066, 0.166)] // +11.6 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 2048, 2048, 1500, 2948, 0.050, 0.150)] // +10.0 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 5000, 500, 1500, 650, 0.079, 0.179)] // +12.9 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 20000, 2000, 1000, 505, 0.108, 0.208)] // +15.8 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 128, 128, 30000, 3627, -0.005, 0.095)] // +4.5 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 128, 2048, 3000, 4340, 0.052, 0.152)] // +10.2 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 128, 4096, 1500, 3116, 0.110, 0.210)] // +16.0 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 500, 2000, 3000, 3994, -0.031, 0.069)] // +1.9 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 1000, 1000, 3000, 2919, -0.020, 0.080)] // +3.0 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 1000, 2000, 1500, 2895, 0.098, 0.198)] // +14.8 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 2048, 128, 3000, 453, -0.073, 0.027)] // -2.3 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 2048, 2048, 1500, 2296, 0.011, 0.111)] // +6.1 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 5000, 500, 1500, 610, -0.041, 0.059)] // +0.9 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 20000, 2000, 1000, 345, 0.189, 0.289)] // +23.9 %
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 128, 128, 30000, 11147, 0.358, 0.458)] // +40.8 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 128, 2048, 3000, 9922, 0.266, 0.366)] // +31.6 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 128, 4096, 1500, 6831, 0.187, 0.287)] // +23.7 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 500, 2000, 3000, 7762, 0.346, 0.446)] // +39.6 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 1000, 1000, 3000, 7007, 0.260, 0.360)] // +31.0 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 1000, 2000, 1500, 6271, 0.302, 0.402)] // +35.2 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 2048, 128, 3000, 1339, 0.319, 0.419)] // +36.9 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 2048, 2048, 1500, 4783, 0.209, 0.309)] // +25.9 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 5000, 500, 1500, 1459, 0.376, 0.476)] // +42.6 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 20000, 2000, 1000, 665, 0.348, 0.448)] // +39.8 %: gap
    public void Offline_output_tokens_per_second_against_NVIDIAs_performance_overview(
        string file, int input, int outputTokens, int requests, double measured, double low, double high)
    {
        var path = RepoPaths.File("scenarios", "validation", file);
        var plain = ScenarioLoader.Load(path, []);
        var deployment = plain.Deployments[0];
        var model = ScenarioCompiler.ToArchitecture((LlmModelSpec)plain.Model(deployment.Model));
        var accelerator = plain.NodeGroup(deployment.Nodes).Accelerator;
        var bytesPerWeight = plain.Model(deployment.Model).WeightPrecision == Precision.Fp4 ? 0.5 : 1.0;
        var (maxBatch, maxTokens) = TrtllmBenchSettings.For(model, deployment.Tp, TrtllmBenchSettings.TorchGib(accelerator), input, outputTokens, bytesPerWeight);

        var scenario = ScenarioLoader.Load(path,
        [
            $"workloads.synth.prompt_tokens.value={input}", $"workloads.synth.output_tokens.value={outputTokens}",
            $"run.requests={requests}", $"deployments.engine.max_batch={maxBatch}", $"deployments.engine.max_batch_tokens={maxTokens}",
            $"policies.batching={{name: chunked_prefill, token_budget: {maxTokens}}}",
        ]);
        var r = ClusterRun.Execute(ScenarioCompiler.Compile(scenario));
        Assert.Equal(requests, r.Overall.Completed);
        Assert.Equal(0, r.Overall.Preemptions);   // guaranteed no evict: nothing is ever recomputed

        var simulated = r.Overall.OutputTokensPerSecond(r.MeasuredSeconds);
        var error = simulated / measured - 1;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file} {input}/{outputTokens} (max batch {maxBatch}, max tokens {maxTokens}): simulated {simulated:F0} tok/s, measured {measured:F0}, {100 * error:+0.0;-0.0} %"));
        Assert.InRange(error, low, high);
    }
}
