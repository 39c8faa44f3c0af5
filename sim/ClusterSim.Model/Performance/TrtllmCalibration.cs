using ClusterSim.Model.Hardware;
using static System.FormattableString;

namespace ClusterSim.Model.Performance;

/// <summary>
/// The TensorRT-LLM entries of the efficiency file, h100-sxm/trtllm-fp8 and h100-sxm/trtllm-bf16 (<see cref="Bf16Entry"/>):
/// every factor from a kernel-level or single-request measurement, none from a serving benchmark. Compute efficiency: the H100's measured
/// maximum achievable FP8 matmul over its FP8 peak (<see cref="H100Fp8MatmulShare"/>); the fixed time per iteration:
/// NVIDIA NIM's batch-1 ITL (<see cref="NimLatency"/>); memory efficiency: the H100 kernel probe's weight-streaming
/// GEMMs; collective costs: the NCCL measurements (Vidur), which TensorRT-LLM uses directly. The MLPerf rows are
/// therefore all checks. (Until 2026-12 the compute efficiency was fitted on the MLPerf v4.1 DGX-H100 Llama-2-70B
/// offline row with an assumed 300-token mean prompt; with the dataset's 222-token prompts that fit fell to 0.59,
/// below what the kernels reach, and every other row it was checked on moved away from its measurement.)
/// </summary>
public static class TrtllmCalibration
{
    public const string Fp8Stack = "trtllm-fp8";

    /// <summary>
    /// H100 SXM's maximum achievable FP8 (e4m3) matmul, 1,402.6 TFLOP/s at the best shape found (1024x9216x14336, mean
    /// of 100 iterations, torch 2.7.0+cu126), over its 1,978.9 TFLOP/s FP8 dense peak: the "Maximum Achievable Matmul
    /// FLOPS comparison table" of stas00/ml-engineering (compute/accelerator/README.md). A kernel measurement.
    /// </summary>
    public const double H100Fp8MatmulShare = 1402.6 / 1978.9;

    /// <summary>The same stack with BF16 weights and activations (TensorRT-LLM's default without quantization).</summary>
    public const string Bf16Stack = "trtllm-bf16";

    /// <summary>
    /// H100 SXM's maximum achievable BF16 matmul, 794.5 TFLOP/s at the best shape found (2048x2048x13312, torch
    /// 2.7.0+cu126), over its 989.4 TFLOP/s BF16 dense peak: the same table as <see cref="H100Fp8MatmulShare"/>.
    /// </summary>
    public const double H100Bf16MatmulShare = 794.5 / 989.4;

    /// <summary>
    /// TensorRT-LLM 1.0 and later on its PyTorch backend (<c>trtllm-bench --backend pytorch</c>, <c>trtllm-serve</c>), FP8:
    /// the same kernels, and an overlap scheduler, on by default, that runs the host's work of one step (stop criteria,
    /// responses, scheduling the next batch) while the GPU computes the next (nvidia.github.io/TensorRT-LLM,
    /// features/overlap-scheduler).
    /// </summary>
    public const string PyTorchFp8Stack = "trtllm-pytorch-fp8";

    /// <summary>Where the entry's figures come from, for the file's header.</summary>
    public static IReadOnlyList<string> Sources { get; } =
    [
        "github.com/stas00/ml-engineering compute/accelerator/README.md (Maximum Achievable Matmul FLOPS table: H100 SXM FP8)",
        "docs.nvidia.com/nim/benchmarking/llm/1.0.0/performance (NVIDIA NIM 1.8.0, Llama-3.3-70B FP8 TP2 on 2x H100, batch-1 ITL)",
    ];

    /// <summary>
    /// Builds the entry: compute efficiency from the FP8 matmul measurement, memory efficiency from the timed kernels
    /// (<paramref name="memoryEfficiency"/>, with its provenance in <paramref name="memorySource"/>), then the fixed
    /// time per iteration from NIM's batch-1 ITL given those.
    /// </summary>
    public static CalibrationEntry Fp8Entry(double memoryEfficiency, string memorySource, double ncclStepLatencySeconds, double linkEfficiency)
    {
        var factors = new EfficiencyParams
        {
            Accelerator = ReferenceAccelerators.H100Sxm.Key,
            Stack = Fp8Stack,
            FittedOn = "H100 FP8 maximum achievable matmul (compute); NVIDIA NIM 1.8.0 Llama-3.3-70B FP8 TP2 1-client ITL (overhead); H100 kernel probe (memory); Vidur H100 NCCL (links); H200 kernel probe (GEMM launch)",
            MemoryEfficiency = memoryEfficiency,
            CollectiveStepLatencySeconds = ncclStepLatencySeconds,
            LinkEfficiency = linkEfficiency,
            ComputeEfficiency = H100Fp8MatmulShare,
            Precision = "fp8",
            GemmLaunchSeconds = GemmShapeEfficiency.LaunchSeconds, // measured on kernels: the NIM overhead is what lies beyond
        };
        var step = NimLatency.Batch1Step(factors);
        factors = factors with { IterationOverheadSeconds = Math.Max(0, NimLatency.Batch1ItlSeconds - step) };

        // What the MLPerf offline row would have fitted, for the record: a check now, not a source.
        var (shape, seconds) = MlperfEstimate.OfflineSteadyStep();
        var implied = MlperfEstimate.ComputeEfficiency(factors);
        string[] comments =
        [
            Invariant($"compute_efficiency: H100 SXM's maximum achievable FP8 matmul, 1,402.6 of 1,978.9 TFLOP/s (stas00/ml-engineering MAMF table); a kernel measurement"),
            Invariant($"  (MLPerf v4.1 DGX-H100 Llama-2-70B offline, a check now: its steady step, {MlperfEstimate.OfflineBatch} sequences and {shape.PrefillTokens} prompt tokens per replica,"),
            Invariant($"  takes the measured {seconds * 1e3:F1} ms at a compute efficiency of {implied:F3}, with the dataset's {MlperfEstimate.DatasetMeanPromptTokens}-token mean prompt)"),
            $"memory_efficiency: {memorySource}",
            Invariant($"iteration_overhead_s = NVIDIA NIM 1.8.0's batch-1 ITL, Llama-3.3-70B FP8 TP2 on 2x H100, 5,000-token prompts ({NimLatency.Batch1ItlSeconds * 1e3} ms),"),
            Invariant($"  minus this roofline's batch-1 step ({step * 1e3:F2} ms); per-sequence and prefill overheads 0; the other NIM rows are a check"),
            "collective_step_latency_s and link_efficiency: the NCCL fit of the Vidur H100 all-reduce profile",
        ];
        return new CalibrationEntry(factors, comments);
    }

    /// <summary>
    /// The BF16 entry: the FP8 entry's memory efficiency (the kernel probe's GEMMs are BF16), fixed time per iteration
    /// (the same runtime's scheduling and launches) and links, with the compute efficiency of the BF16 matmul
    /// measurement. No serving figure of TensorRT-LLM in BF16 was read, so nothing checks this entry yet.
    /// </summary>
    public static CalibrationEntry Bf16Entry(CalibrationEntry fp8)
    {
        var factors = fp8.Parameters with
        {
            Stack = Bf16Stack,
            FittedOn = "H100 BF16 maximum achievable matmul (compute); the trtllm-fp8 entry's NIM 1-client overhead, kernel-probe memory and GEMM launch, and Vidur NCCL links",
            ComputeEfficiency = H100Bf16MatmulShare,
            Precision = "bf16",
        };
        string[] comments =
        [
            "TensorRT-LLM with BF16 weights and activations: the trtllm-fp8 entry with the compute efficiency of H100 SXM's",
            Invariant($"  maximum achievable BF16 matmul, 794.5 of 989.4 TFLOP/s (stas00/ml-engineering MAMF table); memory, fixed time and links"),
            "  as trtllm-fp8 (the probe's GEMMs are BF16; the runtime's per-iteration work does not depend on the weights' precision).",
            "  No serving measurement of TensorRT-LLM in BF16 was read: nothing checks this entry yet.",
        ];
        return new CalibrationEntry(factors, comments);
    }

    /// <summary>
    /// The PyTorch-backend entry: every factor of the FP8 entry (the same GEMM, attention and collective kernels), with the
    /// fixed time per iteration taken as host work that the overlap scheduler runs beside the device's
    /// (<see cref="EfficiencyParams.HostOverlap"/> 1, as its documentation describes it: stop criteria, responses and the
    /// next batch's scheduling). Nothing is fitted here; NIM's 1-client ITL, which set that time, came from the older
    /// C++ runtime, so reading all of it as host work is an assumption, stated in the entry.
    /// </summary>
    public static CalibrationEntry PyTorchFp8Entry(CalibrationEntry fp8)
    {
        var factors = fp8.Parameters with
        {
            Stack = PyTorchFp8Stack,
            FittedOn = "the trtllm-fp8 entry's kernels (H100 FP8 maximum achievable matmul, kernel-probe memory and GEMM launch, Vidur NCCL links) and NIM 1-client overhead, run beside the device by TensorRT-LLM's overlap scheduler (documented behaviour, no serving row)",
            HostOverlap = 1,
        };
        string[] comments =
        [
            "TensorRT-LLM 1.0+ on its PyTorch backend, FP8: the trtllm-fp8 entry's factors, with its fixed time per iteration",
            "  run beside the device's work (host_overlap 1): the overlap scheduler, on by default, does one step's host work",
            "  (stop criteria, responses, scheduling the next batch) while the GPU computes the next (TensorRT-LLM docs,",
            "  features/overlap-scheduler). ASSUMED: all of NIM's 1-client overhead (an older C++ runtime) is such host work.",
            "  No factor was set from a serving row; NVIDIA's perf-overview tables for 1.0 are the check (TrtllmPerfOverviewValidationTests).",
        ];
        return new CalibrationEntry(factors, comments);
    }

    /// <summary>
    /// The fraction of peak HBM bandwidth weight-streaming GEMMs reach on an H100 (median over the timed GEMMs of at
    /// most 128 rows in the kernel probe, scenarios/profiles/h100_gemm_bandwidth_probe.csv): what TensorRT-LLM's
    /// decode GEMMs stream at. Each GEMM's bytes over its time less the fixed launch time the roofline charges on its own
    /// (<see cref="GemmShapeEfficiency.LaunchSeconds"/>), so that the launch is not paid twice. Null when the file is missing.
    /// </summary>
    public static (double Efficiency, string Source)? ProbeMemoryEfficiency(string probePath)
    {
        if (!File.Exists(probePath))
        {
            return null;
        }

        using var reader = new StreamReader(probePath);
        var table = CsvTable.Read(reader, probePath);
        int m = table.Column("m"), gbs = table.Column("gbs"), seconds = table.Column("seconds");
        var rates = new List<double>();
        foreach (var (_, cells) in table.Rows)
        {
            if (int.TryParse(cells[m], System.Globalization.CultureInfo.InvariantCulture, out var rows) && rows is > 0 and <= 128
                && double.TryParse(cells[gbs], System.Globalization.CultureInfo.InvariantCulture, out var rate)
                && double.TryParse(cells[seconds], System.Globalization.CultureInfo.InvariantCulture, out var time)
                && time > GemmShapeEfficiency.LaunchSeconds)
            {
                // The bytes the kernel moved, over the time its stream took once its fixed launch is set aside.
                rates.Add(rate * time / (time - GemmShapeEfficiency.LaunchSeconds));
            }
        }

        if (rates.Count == 0)
        {
            return null;
        }

        rates.Sort();
        var median = rates.Count % 2 == 1 ? rates[rates.Count / 2] : (rates[rates.Count / 2 - 1] + rates[rates.Count / 2]) / 2;
        var efficiency = median / ReferenceAccelerators.H100Sxm.HbmBandwidthGbs;
        return (efficiency, Invariant($"median {median:F0} GB/s of the {rates.Count} weight-streaming GEMMs (<= 128 rows) in {Path.GetFileName(probePath)}, each less the {GemmShapeEfficiency.LaunchSeconds * 1e6:0.0} us launch charged apart, over the catalog's {ReferenceAccelerators.H100Sxm.HbmBandwidthGbs} GB/s"));
    }
}
