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
/// asserted as the band it is in: Llama 3.3 70B in NVFP4 on one B200 comes out 24 to 41 % fast on all ten rows (the
/// catalog has no measured B200 FP4 or FP8 matmul share nor STREAM share, so the H100 FP8 factors apply unchanged, and
/// NVFP4's block scales are not counted). A second known gap, the mixtures of experts on the same page (Qwen3-235B-A22B on 8
/// H200s and 8 H100s, Llama 4 Scout on 4 of each; first run 2026-12-05): with the page's MoE recipe (attention dp, experts
/// spread over the ranks) every row comes out 22 to 105 % fast, prefill-heavy rows furthest, where the dense rows of the same
/// page and the MLPerf Mixtral rows (one GPU a replica, no attention dp) are within about 10 %; see the README's known gaps.
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
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 2048, 2048, 1500, 9305, -0.059, 0.041)] // -0.8 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 5000, 500, 1500, 3459, -0.014, 0.086)] // +3.8 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 20000, 2000, 1000, 1351, -0.049, 0.051)] // +0.1 % (+8.4 % with 2,048 tokens a step, chunked)
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 128, 128, 30000, 27911, 0.144, 0.244)] // +19.4 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 128, 2048, 3000, 26221, -0.003, 0.097)] // +4.7 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 128, 4096, 1500, 18027, -0.056, 0.044)] // -0.6 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 500, 2000, 3000, 20770, 0.035, 0.135)] // +8.5 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 1000, 1000, 3000, 17744, 0.006, 0.106)] // +5.6 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 1000, 2000, 1500, 16828, -0.010, 0.090)] // +4.0 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 2048, 128, 3000, 3538, 0.079, 0.179)] // +12.9 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 2048, 2048, 1500, 12194, -0.058, 0.042)] // -0.9 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 5000, 500, 1500, 3902, 0.061, 0.161)] // +11.0 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 20000, 2000, 1000, 1804, -0.063, 0.037)] // -1.3 % (+10.1 % with 2,048 tokens a step, chunked)
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 128, 128, 30000, 3803, 0.047, 0.147)] // +9.7 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 128, 2048, 3000, 4336, -0.155, -0.055)] // -10.5 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 128, 4096, 1500, 2872, -0.153, -0.053)] // -10.3 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 500, 2000, 3000, 3666, -0.155, -0.055)] // -10.5 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 1000, 1000, 3000, 2909, -0.116, -0.016)] // -6.6 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 1000, 2000, 1500, 2994, -0.177, -0.077)] // -12.7 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 2048, 128, 3000, 442, 0.058, 0.158)] // +10.8 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 2048, 2048, 1500, 2003, -0.086, 0.014)] // -3.6 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 5000, 500, 1500, 566, -0.020, 0.080)] // +3.0 % (+5.3 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 20000, 2000, 1000, 283, 0.008, 0.108)] // +5.8 % (+7.6 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 128, 128, 30000, 6378, 0.044, 0.144)] // +9.4 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 128, 2048, 3000, 6651, -0.098, 0.002)] // -4.8 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 128, 4096, 1500, 4199, -0.056, 0.044)] // -0.6 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 500, 2000, 3000, 5222, -0.037, 0.063)] // +1.3 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 1000, 1000, 3000, 4205, 0.010, 0.110)] // +6.0 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 1000, 2000, 1500, 4146, -0.034, 0.066)] // +1.6 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 2048, 128, 3000, 762, 0.020, 0.120)] // +7.0 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 2048, 2048, 1500, 3082, -0.059, 0.041)] // -0.9 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 5000, 500, 1500, 898, 0.039, 0.139)] // +8.9 % (+10.6 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 20000, 2000, 1000, 437, 0.077, 0.177)] // +12.7 % (+15.4 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 128, 128, 30000, 3814, 0.069, 0.169)] // +11.9 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 128, 2048, 3000, 5348, 0.120, 0.220)] // +17.0 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 128, 4096, 1500, 4741, 0.059, 0.159)] // +10.9 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 500, 2000, 3000, 4724, 0.091, 0.191)] // +14.1 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 1000, 1000, 3000, 3330, 0.072, 0.172)] // +12.2 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 1000, 2000, 1500, 3722, 0.122, 0.222)] // +17.2 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 2048, 128, 3000, 456, 0.066, 0.166)] // +11.6 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 2048, 2048, 1500, 2948, 0.050, 0.150)] // +10.3 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 5000, 500, 1500, 650, 0.079, 0.179)] // +12.9 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 20000, 2000, 1000, 505, 0.092, 0.192)] // +14.2 % (+15.8 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 128, 128, 30000, 3627, -0.005, 0.095)] // +4.5 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 128, 2048, 3000, 4340, 0.052, 0.152)] // +10.2 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 128, 4096, 1500, 3116, 0.110, 0.210)] // +16.0 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 500, 2000, 3000, 3994, -0.031, 0.069)] // +1.9 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 1000, 1000, 3000, 2919, -0.020, 0.080)] // +3.0 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 1000, 2000, 1500, 2895, 0.098, 0.198)] // +14.8 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 2048, 128, 3000, 453, -0.073, 0.027)] // -2.3 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 2048, 2048, 1500, 2296, 0.011, 0.111)] // +6.1 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 5000, 500, 1500, 610, -0.041, 0.059)] // +0.2 % (+0.9 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 20000, 2000, 1000, 345, 0.189, 0.289)] // +22.4 % (+23.9 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 128, 128, 30000, 11147, 0.358, 0.458)] // +40.8 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 128, 2048, 3000, 9922, 0.266, 0.366)] // +31.6 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 128, 4096, 1500, 6831, 0.187, 0.287)] // +23.7 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 500, 2000, 3000, 7762, 0.346, 0.446)] // +39.6 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 1000, 1000, 3000, 7007, 0.260, 0.360)] // +31.0 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 1000, 2000, 1500, 6271, 0.302, 0.402)] // +35.2 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 2048, 128, 3000, 1339, 0.319, 0.419)] // +36.9 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 2048, 2048, 1500, 4783, 0.209, 0.309)] // +25.9 %: gap
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 5000, 500, 1500, 1459, 0.357, 0.457)] // +40.7 %: gap (+42.6 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 20000, 2000, 1000, 665, 0.270, 0.370)] // +32.0 %: gap (+39.8 % with 2,048 tokens a step, chunked)
    // Qwen3-235B-A22B (128 experts of 1,536, 8 a token), TP8 with attention dp and the experts 16 to a rank: a KNOWN GAP,
    // first run 2026-12-05 and asserted as the band it is in. Prefill-heavy rows are furthest off (2,048/128, 5,000/500 and
    // 20,000/2,000: the measured rate is 15 % of the H200s' FP8 peak where the dense 70B's same rows reach about half).
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 128, 128, 30000, 30429, 0.645, 0.745)] // +69.5 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 128, 2048, 3000, 42821, 0.205, 0.305)] // +25.5 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 128, 4096, 1500, 26852, 0.394, 0.494)] // +44.4 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 500, 2000, 3000, 28026, 0.613, 0.713)] // +66.3 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 1000, 1000, 3000, 23789, 0.426, 0.526)] // +47.6 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 1000, 2000, 1500, 22061, 0.465, 0.565)] // +51.5 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 2048, 128, 3000, 3331, 0.687, 0.787)] // +73.7 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 2048, 2048, 1500, 16672, 0.519, 0.619)] // +57.6 %: gap (+56.9 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 5000, 500, 1500, 3623, 0.945, 1.045)] // +99.5 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 20000, 2000, 1000, 1876, 0.996, 1.096)] // +104.6 %: gap (+108.7 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 128, 2048, 3000, 19658, 0.846, 0.946)] // +89.6 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 128, 4096, 1500, 12447, 0.869, 0.969)] // +91.9 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 500, 2000, 3000, 18351, 0.447, 0.547)] // +49.7 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 1000, 1000, 3000, 14898, 0.750, 0.850)] // +80.0 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 1000, 2000, 1500, 15136, 0.342, 0.442)] // +39.2 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 2048, 2048, 1500, 9924, 0.778, 0.878)] // +83.2 %: gap
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 5000, 500, 1500, 3225, 0.771, 0.871)] // +81.9 %: gap
    // Llama 4 Scout (16 experts of 8,192, 1 a token, and a shared expert), TP4 with attention dp: the same KNOWN GAP, first
    // run 2026-12-05 (rows with 20,000-token prompts left out: its chunked attention is not in the model's fields).
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 128, 128, 30000, 30354, 0.879, 0.979)] // +92.9 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 128, 2048, 3000, 34316, 0.173, 0.273)] // +22.3 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 128, 4096, 1500, 21332, 0.198, 0.298)] // +24.8 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 500, 2000, 3000, 24630, 0.477, 0.577)] // +52.7 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 1000, 1000, 3000, 21636, 0.397, 0.497)] // +44.7 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 1000, 2000, 1500, 18499, 0.312, 0.412)] // +36.2 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 2048, 128, 3000, 3699, 0.802, 0.902)] // +85.2 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 2048, 2048, 1500, 14949, 0.284, 0.384)] // +33.6 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 5000, 500, 1500, 4605, 0.607, 0.707)] // +65.7 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 128, 2048, 3000, 15130, 0.718, 0.818)] // +76.8 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 128, 4096, 1500, 8603, 0.681, 0.781)] // +73.1 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 500, 2000, 3000, 12399, 0.665, 0.765)] // +71.5 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 1000, 1000, 3000, 12129, 0.688, 0.788)] // +73.8 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 1000, 2000, 1500, 9838, 0.685, 0.785)] // +73.5 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 2048, 128, 3000, 3253, 0.807, 0.907)] // +85.7 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 2048, 2048, 1500, 7972, 0.481, 0.581)] // +53.4 %: gap
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 5000, 500, 1500, 3342, 0.618, 0.718)] // +66.4 %: gap
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

        // The page's commands leave chunked prefill off (trtllm-bench's default), and then trtllm-bench raises max tokens
        // to the longest prompt plus the max batch (TrtllmBenchSettings.WithoutChunking), so a whole prompt always fits.
        // The run keeps the chunked policy with that budget: whole prompts and a full batch of decodes fit, and only a step's
        // leftover may start the next prompt early, which the engine without chunking would leave to the next step.
        maxTokens = TrtllmBenchSettings.WithoutChunking(maxTokens, maxBatch, input);

        // With attention dp every rank runs an executor of its own, and trtllm-bench's max batch and max tokens are each
        // rank's limits (TensorRT-LLM's capacity scheduler gets max_batch_size whole; nothing divides it by the ranks), so
        // the replica's limits are tp times the heuristic's.
        if (deployment.AttentionDataParallel)
        {
            maxBatch *= deployment.Tp;
            maxTokens *= deployment.Tp;
        }

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
