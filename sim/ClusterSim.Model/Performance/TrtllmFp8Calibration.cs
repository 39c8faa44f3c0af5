using ClusterSim.Model.Hardware;
using static System.FormattableString;

namespace ClusterSim.Model.Performance;

/// <summary>
/// The h100-sxm/trtllm-fp8 entry of the efficiency file: TensorRT-LLM's FP8 stack on H100, from two published
/// figures, one factor each. Compute efficiency from the MLPerf offline throughput (<see cref="MlperfEstimate"/>),
/// the fixed time per iteration from NVIDIA NIM's batch-1 ITL (<see cref="NimLatency"/>); memory efficiency from
/// the H100 Splitwise fit and collective costs from the NCCL measurements (Vidur), which TensorRT-LLM uses directly.
/// </summary>
public static class TrtllmFp8Calibration
{
    public const string Stack = "trtllm-fp8";

    /// <summary>Where the entry's figures come from, for the file's header.</summary>
    public static IReadOnlyList<string> Sources { get; } =
    [
        "shared/data/calibration.md §4 (MLPerf Inference v4.1 closed, NVIDIA DGX-H100, Llama-2-70B)",
        "docs.nvidia.com/nim/benchmarking/llm/1.0.0/performance (NVIDIA NIM 1.8.0, Llama-3.3-70B FP8 TP2 on 2x H100, batch-1 ITL)",
    ];

    public static CalibrationEntry Entry(EfficiencyParams h100Splitwise, double ncclStepLatencySeconds, double linkEfficiency)
    {
        var factors = new EfficiencyParams
        {
            Accelerator = ReferenceAccelerators.H100Sxm.Key,
            Stack = Stack,
            ComputeEfficiency = MlperfEstimate.ComputeEfficiency(),
            MemoryEfficiency = h100Splitwise.MemoryEfficiency,
            CollectiveStepLatencySeconds = ncclStepLatencySeconds,
            LinkEfficiency = linkEfficiency,
        };
        var step = NimLatency.Batch1Step(factors);
        factors = factors with { IterationOverheadSeconds = Math.Max(0, NimLatency.Batch1ItlSeconds - step) };
        string[] comments =
        [
            Invariant($"compute_efficiency = offline FLOP/s / ({MlperfEstimate.Accelerators} x {ReferenceAccelerators.H100Sxm.Tflops[Precision.Fp8]} TFLOP/s fp8) from MLPerf Inference v4.1 DGX-H100 Llama-2-70B offline:"),
            Invariant($"  {MlperfEstimate.OfflineSamplesPerSecond} samples/s x {MlperfEstimate.OutputTokensPerSample:F1} output tokens (= {MlperfEstimate.OfflineTokensPerSecond} tok/s) and an ASSUMED mean prompt of {MlperfEstimate.AssumedMeanPromptTokens} tokens;"),
            Invariant($"  prompts of 200 / 600 tokens would give {MlperfEstimate.ComputeEfficiency(200):F3} / {MlperfEstimate.ComputeEfficiency(600):F3}; all time counted as compute, so a lower bound"),
            "memory_efficiency: taken from the h100-sxm/splitwise-fp16 fit (not identifiable from one throughput)",
            Invariant($"iteration_overhead_s = NVIDIA NIM 1.8.0's batch-1 ITL, Llama-3.3-70B FP8 TP2 on 2x H100, 5,000-token prompts ({NimLatency.Batch1ItlSeconds * 1e3} ms),"),
            Invariant($"  minus this roofline's batch-1 step ({step * 1e3:F2} ms); per-sequence and prefill overheads 0; the other NIM rows are a check"),
            "collective_step_latency_s and link_efficiency: the NCCL fit of the Vidur H100 all-reduce profile",
        ];
        return new CalibrationEntry(factors, comments);
    }
}
