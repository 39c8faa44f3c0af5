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
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 128, 128, 30000, 28312, 0.061, 0.161)] // +11.1 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 128, 2048, 3000, 22714, -0.096, 0.004)] // -4.6 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 128, 4096, 1500, 14325, -0.112, -0.012)] // -6.2 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 500, 2000, 3000, 17660, -0.062, 0.038)] // -1.2 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 1000, 1000, 3000, 15220, -0.057, 0.043)] // -0.7 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 1000, 2000, 1500, 13899, -0.087, 0.013)] // -3.7 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 2048, 128, 3000, 3450, 0.001, 0.101)] // +5.1 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 2048, 2048, 1500, 9305, -0.045, 0.055)] // +0.5 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 5000, 500, 1500, 3459, -0.007, 0.093)] // +4.3 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 20000, 2000, 1000, 1351, 0.047, 0.147)] // +9.7 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 128, 128, 30000, 27911, 0.175, 0.275)] // +22.5 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 128, 2048, 3000, 26221, 0.024, 0.124)] // +7.4 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 128, 4096, 1500, 18027, -0.04, 0.06)] // +1.0 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 500, 2000, 3000, 20770, 0.058, 0.158)] // +10.8 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 1000, 1000, 3000, 17744, 0.024, 0.124)] // +7.4 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 1000, 2000, 1500, 16828, 0.009, 0.109)] // +5.9 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 2048, 128, 3000, 3538, 0.084, 0.184)] // +13.4 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 2048, 2048, 1500, 12194, -0.023, 0.077)] // +2.7 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 5000, 500, 1500, 3902, 0.066, 0.166)] // +11.6 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 20000, 2000, 1000, 1804, 0.056, 0.156)] // +10.6 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 128, 128, 30000, 3803, 0.057, 0.157)] // +10.7 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 128, 2048, 3000, 4336, -0.146, -0.046)] // -9.6 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 128, 4096, 1500, 2872, -0.113, -0.013)] // -6.3 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 500, 2000, 3000, 3666, -0.146, -0.046)] // -9.6 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 1000, 1000, 3000, 2909, -0.109, -0.009)] // -5.9 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 1000, 2000, 1500, 2994, -0.141, -0.041)] // -9.1 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 2048, 128, 3000, 442, 0.061, 0.161)] // +11.1 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 2048, 2048, 1500, 2003, -0.078, 0.022)] // -2.8 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 5000, 500, 1500, 566, 0.008, 0.108)] // +5.8 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 20000, 2000, 1000, 283, 0.03, 0.13)] // +8.0 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 128, 128, 30000, 6378, 0.051, 0.151)] // +10.1 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 128, 2048, 3000, 6651, -0.089, 0.011)] // -3.9 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 128, 4096, 1500, 4199, -0.047, 0.053)] // +0.3 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 500, 2000, 3000, 5222, -0.028, 0.072)] // +2.2 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 1000, 1000, 3000, 4205, 0.017, 0.117)] // +6.7 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 1000, 2000, 1500, 4146, 0.013, 0.113)] // +6.3 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 2048, 128, 3000, 762, 0.023, 0.123)] // +7.3 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 2048, 2048, 1500, 3082, -0.025, 0.075)] // +2.5 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 5000, 500, 1500, 898, 0.06, 0.16)] // +11.0 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 20000, 2000, 1000, 437, 0.109, 0.209)] // +15.9 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 128, 128, 30000, 3814, 0.071, 0.171)] // +12.1 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 128, 2048, 3000, 5348, 0.124, 0.224)] // +17.4 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 128, 4096, 1500, 4741, 0.062, 0.162)] // +11.2 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 500, 2000, 3000, 4724, 0.094, 0.194)] // +14.4 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 1000, 1000, 3000, 3330, 0.074, 0.174)] // +12.4 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 1000, 2000, 1500, 3722, 0.125, 0.225)] // +17.5 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 2048, 128, 3000, 456, 0.067, 0.167)] // +11.7 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 2048, 2048, 1500, 2948, 0.053, 0.153)] // +10.3 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 5000, 500, 1500, 650, 0.08, 0.18)] // +13.0 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 20000, 2000, 1000, 505, 0.109, 0.209)] // +15.9 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 128, 128, 30000, 3627, -0.004, 0.096)] // +4.6 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 128, 2048, 3000, 4340, 0.055, 0.155)] // +10.5 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 128, 4096, 1500, 3116, 0.113, 0.213)] // +16.3 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 500, 2000, 3000, 3994, -0.028, 0.072)] // +2.2 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 1000, 1000, 3000, 2919, -0.017, 0.083)] // +3.3 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 1000, 2000, 1500, 2895, 0.101, 0.201)] // +15.1 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 2048, 128, 3000, 453, -0.072, 0.028)] // -2.2 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 2048, 2048, 1500, 2296, 0.014, 0.114)] // +6.4 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 5000, 500, 1500, 610, -0.04, 0.06)] // +1.0 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 20000, 2000, 1000, 345, 0.192, 0.292)] // +24.2 %
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 128, 128, 30000, 11147, 0.389, 0.489)] // +43.9 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 128, 2048, 3000, 9922, 0.324, 0.424)] // +37.4 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 128, 4096, 1500, 6831, 0.246, 0.346)] // +29.6 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 500, 2000, 3000, 7762, 0.402, 0.502)] // +45.2 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 1000, 1000, 3000, 7007, 0.299, 0.399)] // +34.9 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 1000, 2000, 1500, 6271, 0.404, 0.504)] // +45.4 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 2048, 128, 3000, 1339, 0.329, 0.429)] // +37.9 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 2048, 2048, 1500, 4783, 0.283, 0.383)] // +33.3 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 5000, 500, 1500, 1459, 0.402, 0.502)] // +45.2 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 20000, 2000, 1000, 665, 0.392, 0.492)] // +44.2 %: gap
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
