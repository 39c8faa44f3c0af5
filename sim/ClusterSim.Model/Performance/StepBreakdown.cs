namespace ClusterSim.Model.Performance;

/// <summary>
/// Where one iteration's time goes, per accelerator of the replica, in parts that add up to the whole step
/// (<see cref="Seconds"/>): the kernel classes one after another as the roofline runs them, the pipeline's idle slots,
/// and the host time the device waits for. A part is zero where the deployment has none of it (no expert GEMMs in a
/// dense model, no collectives on one accelerator).
/// </summary>
public readonly record struct StepBreakdown
{
    /// <summary>Arithmetic of the GEMMs every token passes through (projections, dense MLP) and of the output projection.</summary>
    public double DenseGemmSeconds { get; init; }

    /// <summary>Arithmetic of the routed experts' grouped GEMMs (tile-padded), on the busiest rank.</summary>
    public double ExpertGemmSeconds { get; init; }

    /// <summary>Streaming the weights the step reads (always-read layers, and the experts it touches).</summary>
    public double WeightStreamSeconds { get; init; }

    /// <summary>The fixed start and drain of every GEMM launch.</summary>
    public double GemmLaunchSeconds { get; init; }

    /// <summary>Attention kernels: the longer of their FLOPs and their KV-cache reads (<see cref="AttentionComputeBound"/> says which).</summary>
    public double AttentionSeconds { get; init; }

    /// <summary>Whether the attention kernels were limited by arithmetic (long prompts) rather than by KV reads (decode).</summary>
    public bool AttentionComputeBound { get; init; }

    /// <summary>Element-wise kernels (norms, residuals, activations): their reads and writes.</summary>
    public double ElementwiseSeconds { get; init; }

    /// <summary>Tensor-parallel all-reduces, or the expert all-to-alls of attention data parallelism.</summary>
    public double CollectiveSeconds { get; init; }

    /// <summary>Pipeline sends between stages.</summary>
    public double PipelineTransferSeconds { get; init; }

    /// <summary>Slots in which a pipeline stage waits with no micro-batch (fewer micro-batches than stages).</summary>
    public double PipelineBubbleSeconds { get; init; }

    /// <summary>Host work (scheduling, per-sequence bookkeeping) the device waits for: all of it in series, only what outlasts the device when overlapped.</summary>
    public double HostSeconds { get; init; }

    /// <summary>The physical bound: every FLOP at the peak of its precision class or every byte at peak bandwidth, whichever is longer; no step is shorter.</summary>
    public double BoundSeconds { get; init; }

    /// <summary>The whole step: the sum of the parts.</summary>
    public double Seconds => DenseGemmSeconds + ExpertGemmSeconds + WeightStreamSeconds + GemmLaunchSeconds + AttentionSeconds
                             + ElementwiseSeconds + CollectiveSeconds + PipelineTransferSeconds + PipelineBubbleSeconds + HostSeconds;

    /// <summary>Every part times <paramref name="factor"/> (a step-scale what-if); the physical bound stays as it is.</summary>
    public StepBreakdown Scaled(double factor) => this with
    {
        DenseGemmSeconds = DenseGemmSeconds * factor,
        ExpertGemmSeconds = ExpertGemmSeconds * factor,
        WeightStreamSeconds = WeightStreamSeconds * factor,
        GemmLaunchSeconds = GemmLaunchSeconds * factor,
        AttentionSeconds = AttentionSeconds * factor,
        ElementwiseSeconds = ElementwiseSeconds * factor,
        CollectiveSeconds = CollectiveSeconds * factor,
        PipelineTransferSeconds = PipelineTransferSeconds * factor,
        PipelineBubbleSeconds = PipelineBubbleSeconds * factor,
        HostSeconds = HostSeconds * factor,
    };

    /// <summary>The parts' names, in the order of <see cref="Parts"/> and <see cref="CopyTo"/> (snake_case, as files write them).</summary>
    public static IReadOnlyList<string> PartNames { get; } =
    [
        "dense_gemm", "expert_gemm", "weight_stream", "gemm_launch", "attention", "elementwise", "collectives", "pipeline_transfer",
        "pipeline_bubble", "host",
    ];

    /// <summary>The parts by name, in a fixed order (for tables, files and charts).</summary>
    public IReadOnlyList<(string Name, double Seconds)> Parts
    {
        get
        {
            Span<double> values = stackalloc double[10];
            CopyTo(values);
            var parts = new (string, double)[values.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = (PartNames[i], values[i]);
            }

            return parts;
        }
    }

    /// <summary>Writes the parts' seconds into <paramref name="seconds"/> (at least <see cref="PartNames"/>' count long), in their order; no allocation.</summary>
    public void CopyTo(Span<double> seconds)
    {
        seconds[0] = DenseGemmSeconds;
        seconds[1] = ExpertGemmSeconds;
        seconds[2] = WeightStreamSeconds;
        seconds[3] = GemmLaunchSeconds;
        seconds[4] = AttentionSeconds;
        seconds[5] = ElementwiseSeconds;
        seconds[6] = CollectiveSeconds;
        seconds[7] = PipelineTransferSeconds;
        seconds[8] = PipelineBubbleSeconds;
        seconds[9] = HostSeconds;
    }
}
