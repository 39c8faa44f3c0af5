using ClusterSim.Model.Performance;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// One row of a trtllm-bench throughput table run as the page ran it: the scenario file's engine with the row's lengths and
/// request count, and the max batch and max tokens trtllm-bench derives for them (<see cref="TrtllmBenchSettings"/>).
/// </summary>
internal static class TrtllmBenchRun
{
    public readonly record struct Row(double OutputTokensPerSecond, int MaxBatch, int MaxTokens, int Gpus);

    /// <param name="heuristicBytes">The weight and KV bytes an element trtllm-bench's heuristic takes from the checkpoint; null:
    /// the scenario's weight format (1 for FP8, 0.5 for FP4) and an FP8 KV cache, as for NVIDIA's ModelOpt checkpoints.</param>
    public static Row Offline(string file, int input, int outputTokens, int requests, (double Weight, double Kv)? heuristicBytes = null)
    {
        var path = RepoPaths.File("scenarios", "validation", file);
        var plain = ScenarioLoader.Load(path, []);
        var deployment = plain.Deployments[0];
        var model = ScenarioCompiler.ToArchitecture((LlmModelSpec)plain.Model(deployment.Model));
        var accelerator = plain.NodeGroup(deployment.Nodes).Accelerator;
        var bytesPerWeight = plain.Model(deployment.Model).WeightPrecision == Precision.Fp4 ? 0.5 : 1.0;
        var (maxBatch, maxTokens) = TrtllmBenchSettings.For(model, deployment.Tp, TrtllmBenchSettings.TorchGib(accelerator), input, outputTokens,
            heuristicBytes?.Weight ?? bytesPerWeight, heuristicBytes?.Kv ?? 1.0, deployment.Pp);

        // The pages' commands leave chunked prefill off (trtllm-bench's default), and then trtllm-bench raises max tokens
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
        return new Row(r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), maxBatch, maxTokens, (int)deployment.TotalAccelerators);
    }
}
