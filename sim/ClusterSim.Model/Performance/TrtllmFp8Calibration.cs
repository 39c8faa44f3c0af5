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

    /// <summary>
    /// Fits the entry: memory efficiency from the timed kernels (<paramref name="memoryEfficiency"/>, with its
    /// provenance in <paramref name="memorySource"/>), then the compute efficiency (MLPerf offline) and the fixed time
    /// per iteration (NIM batch 1) together, each holding the other, until both settle.
    /// </summary>
    public static CalibrationEntry Entry(double memoryEfficiency, string memorySource, double ncclStepLatencySeconds, double linkEfficiency)
    {
        var factors = new EfficiencyParams
        {
            Accelerator = ReferenceAccelerators.H100Sxm.Key,
            Stack = Stack,
            FittedOn = "MLPerf Inference v4.1 DGX-H100 Llama-2-70B offline (compute); NVIDIA NIM 1.8.0 Llama-3.3-70B FP8 TP2 1-client ITL (overhead); H100 kernel probe (memory); Vidur H100 NCCL (links)",
            MemoryEfficiency = memoryEfficiency,
            CollectiveStepLatencySeconds = ncclStepLatencySeconds,
            LinkEfficiency = linkEfficiency,
            ComputeEfficiency = 0.5,
        };
        var step = 0.0;
        for (var i = 0; i < 20; i++)
        {
            step = NimLatency.Batch1Step(factors);
            factors = factors with { IterationOverheadSeconds = Math.Max(0, NimLatency.Batch1ItlSeconds - step) };
            factors = factors with { ComputeEfficiency = MlperfEstimate.ComputeEfficiency(factors) };
        }

        var (shape, seconds) = MlperfEstimate.OfflineSteadyStep();
        string[] comments =
        [
            Invariant($"compute_efficiency: the roofline's steady offline step of MLPerf Inference v4.1 DGX-H100 Llama-2-70B (4 x TP2, {MlperfEstimate.OfflineBatch} sequences"),
            Invariant($"  per replica, {shape.PrefillTokens} prompt tokens per step) takes the measured {seconds * 1e3:F1} ms ({MlperfEstimate.OfflineTokensPerSecond} tok/s over 4 replicas);"),
            Invariant($"  ASSUMED mean prompt of {MlperfEstimate.AssumedMeanPromptTokens} tokens (200 / 600 would give {MlperfEstimate.ComputeEfficiency(factors, 200):F3} / {MlperfEstimate.ComputeEfficiency(factors, 600):F3})"),
            $"memory_efficiency: {memorySource}",
            Invariant($"iteration_overhead_s = NVIDIA NIM 1.8.0's batch-1 ITL, Llama-3.3-70B FP8 TP2 on 2x H100, 5,000-token prompts ({NimLatency.Batch1ItlSeconds * 1e3} ms),"),
            Invariant($"  minus this roofline's batch-1 step ({step * 1e3:F2} ms); per-sequence and prefill overheads 0; the other NIM rows are a check"),
            "collective_step_latency_s and link_efficiency: the NCCL fit of the Vidur H100 all-reduce profile",
        ];
        return new CalibrationEntry(factors, comments);
    }

    /// <summary>
    /// The fraction of peak HBM bandwidth weight-streaming GEMMs reach on an H100 (median over the timed GEMMs of at
    /// most 128 rows in the kernel probe, scenarios/profiles/h100_gemm_bandwidth_probe.csv): what TensorRT-LLM's
    /// decode GEMMs stream at. Null when the file is missing.
    /// </summary>
    public static (double Efficiency, string Source)? ProbeMemoryEfficiency(string probePath)
    {
        if (!File.Exists(probePath))
        {
            return null;
        }

        using var reader = new StreamReader(probePath);
        var table = CsvTable.Read(reader, probePath);
        int m = table.Column("m"), gbs = table.Column("gbs");
        var rates = new List<double>();
        foreach (var (_, cells) in table.Rows)
        {
            if (int.TryParse(cells[m], System.Globalization.CultureInfo.InvariantCulture, out var rows) && rows is > 0 and <= 128
                && double.TryParse(cells[gbs], System.Globalization.CultureInfo.InvariantCulture, out var rate))
            {
                rates.Add(rate);
            }
        }

        if (rates.Count == 0)
        {
            return null;
        }

        rates.Sort();
        var median = rates.Count % 2 == 1 ? rates[rates.Count / 2] : (rates[rates.Count / 2 - 1] + rates[rates.Count / 2]) / 2;
        var efficiency = median / ReferenceAccelerators.H100Sxm.HbmBandwidthGbs;
        return (efficiency, Invariant($"median {median:F0} GB/s of the {rates.Count} weight-streaming GEMMs (<= 128 rows) in {Path.GetFileName(probePath)}, over the catalog's {ReferenceAccelerators.H100Sxm.HbmBandwidthGbs} GB/s"));
    }
}
