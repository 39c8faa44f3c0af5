namespace ClusterSim.Model.Performance;

/// <summary>
/// The few calibrated factors that turn an accelerator's peak figures into what one software stack achieves on it.
/// Fitted by <see cref="Calibrator"/> and kept in scenarios/catalog/efficiency.yaml.
/// </summary>
public sealed record EfficiencyParams
{
    /// <summary>Accelerator key (catalog) the factors were measured on.</summary>
    public string Accelerator { get; init; } = "";

    /// <summary>Software stack, e.g. `splitwise-fp16` or `trtllm-fp8`.</summary>
    public string Stack { get; init; } = "";

    /// <summary>The measurements the factors were fitted on (what they are in-sample for), as the file states them.</summary>
    public string FittedOn { get; init; } = "";

    /// <summary>
    /// How the factors were obtained when they are not the entry's own fit (transferred from another accelerator by
    /// spec ratios, overridden by a scenario); empty for a catalog entry used as fitted.
    /// </summary>
    public string Derivation { get; init; } = "";

    /// <summary>
    /// Arithmetic precision <see cref="ComputeEfficiency"/> was measured or fitted at, as the file spells it (fp16, bf16,
    /// fp8, ...); empty when the entry does not say.
    /// </summary>
    public string Precision { get; init; } = "";

    /// <summary>
    /// Decode steps per scheduling round of the engine <see cref="SequenceOverheadSeconds"/> and the other host costs were
    /// fitted on (1: it scheduled every step); 0 when the entry does not say.
    /// </summary>
    public int FittedSchedulerSteps { get; init; }

    /// <summary>
    /// Version of the engine the host costs were fitted on (vLLM 0.6.0), as the entry writes it; empty when it does not say.
    /// With <see cref="FittedSchedulerSteps"/> it gives a vllm entry's engine generation (Scenarios.Policies.EngineVersions).
    /// </summary>
    public string FittedEngineVersion { get; init; } = "";

    /// <summary>Largest fraction of peak FLOP/s the stack's matrix kernels reach, in (0, 1].</summary>
    public double ComputeEfficiency { get; init; } = 1.0;

    /// <summary>
    /// Tokens per iteration at which compute efficiency reaches half of <see cref="ComputeEfficiency"/>
    /// (eff = max x n / (n + n_half)); 0 means no dependence on batch shape.
    /// </summary>
    public double ComputeSaturationTokens { get; init; }

    /// <summary>
    /// Fraction of peak FLOP/s the stack's attention kernels reach on prefill (query, key) pairs, in (0, 1]; 0 means
    /// the same as <see cref="ComputeEfficiency"/> (stated, not silent: the file's comment says so).
    /// </summary>
    public double AttentionEfficiency { get; init; }

    /// <summary>Fraction of peak memory bandwidth the stack reaches, in (0, 1].</summary>
    public double MemoryEfficiency { get; init; } = 1.0;

    /// <summary>Fixed time per iteration: scheduling, kernel launches, synchronisation.</summary>
    public double IterationOverheadSeconds { get; init; }

    /// <summary>Time per sequence in the batch per iteration: input preparation, sampling, bookkeeping.</summary>
    public double SequenceOverheadSeconds { get; init; }

    /// <summary>Extra fixed time of an iteration that holds any prefill work (prompt set-up, first-token sampling).</summary>
    public double PrefillOverheadSeconds { get; init; }

    /// <summary>
    /// Share, in [0, 1], of the host's per-iteration work (<see cref="IterationOverheadSeconds"/>,
    /// <see cref="SequenceOverheadSeconds"/>, <see cref="PrefillOverheadSeconds"/>) that runs while the device computes
    /// the next step, as an overlap scheduler does (TensorRT-LLM's PyTorch backend, SGLang's zero-overhead scheduler):
    /// a step then takes its serial host share plus the longer of the device's work and the overlapped share. 0 (the
    /// default): host and device in series.
    /// </summary>
    public double HostOverlap { get; init; }

    /// <summary>
    /// Fixed time of each GEMM launch beyond its roofline (the kernel's ramp-up and drain), paid once per GEMM of every
    /// layer per pass, so it grows with the model's depth: <see cref="GemmShapeEfficiency.LaunchSeconds"/> as measured.
    /// </summary>
    public double GemmLaunchSeconds { get; init; }

    /// <summary>
    /// Fixed time of each layer's attention kernels beyond their roofline, paid once per layer per pass whatever the
    /// batch and context: a decode attention kernel's launch, its split-KV reduction and its minimum occupancy (Vidur's
    /// A100 timings of vLLM's FlashAttention-2 decode show 15 to 18 us a layer at one sequence). 0: not priced apart,
    /// as in an entry whose fixed time per iteration was fitted on whole steps and so already holds it.
    /// </summary>
    public double AttentionLaunchSeconds { get; init; }

    /// <summary>Latency of one step of a ring collective in this stack (link, NCCL and framework together).</summary>
    public double CollectiveStepLatencySeconds { get; init; }

    /// <summary>Fraction of the link's one-way bandwidth a large collective achieves, in (0, 1].</summary>
    public double LinkEfficiency { get; init; } = 1.0;

    /// <summary>
    /// In-node all-reduces measured on the accelerator itself, when the factors were moved to it from another part and
    /// the catalog has its benchmark: they replace the ring fit (<see cref="LinkEfficiency"/>,
    /// <see cref="CollectiveStepLatencySeconds"/>) inside a node. Null: the ring fit everywhere.
    /// </summary>
    public BusBandwidthCurve? InNodeAllReduce { get; init; }

    /// <summary>
    /// The serving engine's own small-message all-reduce timed on the deployment's part over its tensor group's size
    /// (vLLM's custom all-reduce): in-node all-reduces up to its largest timed message take its times, before
    /// <see cref="InNodeAllReduce"/> or the ring fit. Null: not timed, or not this engine's.
    /// </summary>
    public EngineAllReduceCurve? EngineAllReduce { get; init; }

    /// <summary>Everything at peak and free: the physical lower bound.</summary>
    public static EfficiencyParams Ideal { get; } = new() { Stack = "ideal" };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first factor outside its range.</summary>
    public void Validate()
    {
        InRange(ComputeEfficiency, "compute_efficiency");
        InRange(MemoryEfficiency, "memory_efficiency");
        InRange(LinkEfficiency, "link_efficiency");
        NotNegative(ComputeSaturationTokens, "compute_saturation_tokens");
        NotNegative(GemmLaunchSeconds, "gemm_launch_s");
        NotNegative(AttentionLaunchSeconds, "attention_launch_s");
        if (AttentionEfficiency != 0)
        {
            InRange(AttentionEfficiency, "attention_efficiency");
        }

        NotNegative(IterationOverheadSeconds, "iteration_overhead_s");
        NotNegative(SequenceOverheadSeconds, "sequence_overhead_s");
        NotNegative(PrefillOverheadSeconds, "prefill_overhead_s");
        if (!(HostOverlap >= 0 && HostOverlap <= 1))
        {
            throw new ArgumentException($"efficiency '{Accelerator}/{Stack}': host_overlap must be in [0, 1], got {HostOverlap}");
        }

        NotNegative(CollectiveStepLatencySeconds, "collective_step_latency_s");
    }

    private void InRange(double value, string name)
    {
        // Above 1 would let a prediction beat the physical bound; at 0 nothing would ever finish.
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentException($"efficiency '{Accelerator}/{Stack}': {name} must be in (0, 1], got {value}");
        }
    }

    private void NotNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentException($"efficiency '{Accelerator}/{Stack}': {name} must be a non-negative number, got {value}");
        }
    }
}
