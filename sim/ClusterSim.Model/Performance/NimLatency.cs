using ClusterSim.Model.Hardware;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Performance;

/// <summary>
/// NVIDIA NIM's published latency of TensorRT-LLM at small batches: the figure the trtllm-fp8 stack takes its
/// fixed time per iteration from. The rest of NIM's table is a check (tests/ClusterSim.Model.Tests/Calibration).
/// </summary>
public static class NimLatency
{
    /// <summary>
    /// Mean inter-token latency of NVIDIA NIM 1.8.0 (TensorRT-LLM) serving Llama-3.3-70B-Instruct in FP8 at TP2 on
    /// 2x H100-80GB to one client, 5,000-token prompts and 500-token answers
    /// (docs.nvidia.com/nim/benchmarking/llm/1.0.0/performance): a decode step at batch 1.
    /// </summary>
    public const double Batch1ItlSeconds = 0.01858;

    /// <summary>Context of that decode step on average: the prompt and half the answer.</summary>
    public const long Batch1ContextTokens = 5000 + 250;

    /// <summary>The roofline's batch-1 decode step of NIM's Llama-3.3-70B FP8 TP2 deployment under <paramref name="factors"/>, seconds.</summary>
    public static double Batch1Step(EfficiencyParams factors)
    {
        var model = ExecutionModels.Create(ExecutionModels.RooflineName, new ExecutionModelContext
        {
            Deployment = new Deployment
            {
                Model = ReferenceModels.Llama31_70B,
                Accelerator = ReferenceAccelerators.H100Sxm,
                TensorParallel = 2,
                WeightPrecision = Precision.Fp8,
                KvCachePrecision = Precision.Fp8,
            },
            Efficiency = factors with { IterationOverheadSeconds = 0, SequenceOverheadSeconds = 0, PrefillOverheadSeconds = 0 },
        });
        return model.Predict(IterationShape.Decode(1, Batch1ContextTokens)).Seconds;
    }
}
