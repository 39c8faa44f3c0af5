namespace ClusterSim.Scenarios;

/// <summary>A model placed on a node group.</summary>
/// <param name="Name">Deployment name in the scenario.</param>
/// <param name="Model">Key of the model.</param>
/// <param name="Nodes">Name of the node group.</param>
/// <param name="Tp">Tensor-parallel degree.</param>
/// <param name="Pp">Pipeline-parallel degree.</param>
/// <param name="Replicas">Copies of the model.</param>
/// <param name="Role">Phases served.</param>
/// <param name="MaxBatch">Most sequences per iteration.</param>
/// <param name="MaxBatchTokens">Most tokens per iteration.</param>
/// <param name="KvBlockTokens">Tokens per KV-cache block.</param>
/// <param name="MemoryFraction">Share of accelerator memory for weights and KV cache, in (0, 1].</param>
/// <param name="Policies">Policies in force for this deployment (its own overrides applied).</param>
/// <param name="ExecutionModel">Iteration-time predictor for this deployment.</param>
public sealed record DeploymentSpec(
    string Name,
    string Model,
    string Nodes,
    int Tp,
    int Pp,
    int Replicas,
    DeploymentRole Role,
    int MaxBatch,
    int MaxBatchTokens,
    int KvBlockTokens,
    double MemoryFraction,
    PolicySet Policies,
    PolicySpec ExecutionModel)
{
    private readonly int? _ppMicroBatches;

    /// <summary>
    /// Micro-batches a pipelined iteration is split into, so stages work on different micro-batches at once. Unless
    /// set, pp, as vLLM (one virtual engine per stage) and TensorRT-LLM run pipelines; 1 is one micro-batch passing
    /// stage by stage (a full bubble).
    /// </summary>
    public int PpMicroBatches
    {
        get => _ppMicroBatches ?? Pp;
        init => _ppMicroBatches = value;
    }

    /// <summary>
    /// Ranks of the tensor group the routed experts are spread over, whole experts to a rank (vLLM's
    /// --enable-expert-parallel, SGLang's ep-size, TensorRT-LLM's moe_expert_parallel_size); each expert is split over the
    /// other tp / ep. 1: every expert is split over the whole tensor group (tensor parallelism only).
    /// </summary>
    public int ExpertParallel { get; init; } = 1;

    /// <summary>
    /// True when the scenario gave no max_batch and <see cref="MaxBatch"/> is its engine's default
    /// (<see cref="Policies.EngineDefaults.MaxBatch"/>), so a run can say so.
    /// </summary>
    public bool MaxBatchDefaulted { get; init; }

    /// <summary>
    /// Attention and dense layers data-parallel over the tensor group (each rank its own sequences, whole weights, own
    /// KV cache), with the routed experts expert-parallel over every rank; false: tensor-parallel.
    /// </summary>
    public bool AttentionDataParallel { get; init; }

    /// <summary>
    /// The router's skew over the experts for this deployment's traffic (`expert_load: {cv, hottest}`), in place of the
    /// model's measurement: standard deviation over mean of the experts' token counts, and the hottest over the mean.
    /// Null: the model's, or equally popular experts where it has none.
    /// </summary>
    public (double Cv, double Hottest)? ExpertLoad { get; init; }

    /// <summary>How an attention-dp deployment moves tokens to their experts and back (`expert_exchange: {kind}`); null where not written (all-gather).</summary>
    public ExpertExchange? ExpertExchange { get; init; }

    /// <summary>
    /// Whether the KV cache holds a local-attention layer's window only, freeing what it has passed (`local_kv: window`,
    /// vLLM's hybrid KV cache manager), rather than every token of the context (`whole`, the default).
    /// </summary>
    public bool LocalKvWindow { get; init; }

    /// <summary>
    /// Whether the KV cache keeps no prompt blocks for later requests (`prefix_caching: off`): every prompt is prefilled
    /// whole even where its blocks carry ids another prompt shares. False: prefix caching on, the default.
    /// </summary>
    public bool PrefixCachingOff { get; init; }

    /// <summary>
    /// The replica's KV cache in tokens as its engine reported it (`kv_cache_tokens`: vLLM's "GPU KV cache size", SGLang's
    /// max_total_num_tokens), in place of the size worked out from memory_fraction, the weights and a runtime reserve;
    /// null where not written.
    /// </summary>
    public int? KvCacheTokens { get; init; }

    /// <summary>
    /// How requests reach the engine and its tokens the client (`request_path`): null where not written (the engine's own
    /// way of being served, <c>EngineDefaults.RequestPath</c>), or as written.
    /// </summary>
    public RequestPathSpec? RequestPath { get; init; }

    /// <summary>
    /// Whether a decode step reads a beam-search request's shared prompt KV once for all its beams
    /// (`beam_prompt_reads: once`, a cascade decode kernel), rather than once per beam (`per_beam`, the default:
    /// TensorRT-LLM's masked multi-head attention, one block per head and beam).
    /// </summary>
    public bool BeamPromptReadOnce { get; init; }

    /// <summary>
    /// Format the dispatched hidden states travel in (`expert_exchange: {dispatch}`); null: the format the experts' GEMMs
    /// take their inputs in (an FP8 or FP4 checkpoint quantises before the exchange), 16-bit otherwise.
    /// </summary>
    public Precision? DispatchPrecision { get; init; }

    /// <summary>
    /// Weight bytes a replica holds: the model once, or with attention dp everything but the routed experts on every
    /// rank of the tensor group (the experts once, spread over it).
    /// </summary>
    public double ReplicaWeightBytes(ModelSpec model)
    {
        if (!AttentionDataParallel || model is not LlmModelSpec { Moe: not null } llm)
        {
            return model.WeightBytes;
        }

        var routed = llm.RoutedExpertParameters * MixedWeights.ExpertBytes(llm.WeightPrecision, llm.Mixed);
        return model.WeightBytes + Math.Max(0, model.WeightBytes - routed) * (Tp - 1);
    }

    /// <summary>Accelerators one replica occupies.</summary>
    public int AcceleratorsPerReplica => Tp * Pp;

    public long TotalAccelerators => (long)Tp * Pp * Replicas;
}
