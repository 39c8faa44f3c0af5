namespace ClusterSim.Model.Serving;

/// <summary>Limits and memory of one replica (a model instance on its tensor/pipeline group).</summary>
public sealed record ReplicaConfig
{
    public ReplicaRole Role { get; init; } = ReplicaRole.Both;

    /// <summary>KV blocks the HBM budget holds after weights and the activation reserve.</summary>
    public required int KvBlocks { get; init; }

    public int BlockSizeTokens { get; init; } = 16;

    /// <summary>Tokens per prefix hash id (0 turns prefix caching off).</summary>
    public int PrefixBlockTokens { get; init; }

    /// <summary>
    /// KV bytes one token of context occupies in the block pool on this replica (all its accelerators): every layer's, or
    /// with local attention only the whole-context layers' (their windows are <see cref="WindowPoolTokens"/>).
    /// </summary>
    public required long KvBytesPerToken { get; init; }

    /// <summary>
    /// Pool tokens a local-attention layer set holds per token of its window, in the pool's units (the whole-context
    /// layers' bytes a token): local layers over the others; 0 where the pool counts every layer whole (no local layers,
    /// or every layer local).
    /// </summary>
    public double WindowPoolTokensPerToken { get; init; }

    /// <summary>
    /// Pool tokens a sequence holds beside its context: its local layers' window, min(its longest context, the window),
    /// taken whole when it is admitted (an engine with a sliding-window cache holds no more; it fills it as tokens come).
    /// </summary>
    public int WindowPoolTokens(int longestContext)
        => WindowPoolTokensPerToken <= 0 || LocalAttention is not { } local ? 0
            : (int)Math.Ceiling(WindowPoolTokensPerToken * Math.Min(longestContext, local.Window));

    /// <summary>Most sequences in one iteration (vLLM max_num_seqs), over all its micro-batches.</summary>
    public int MaxSequences { get; init; } = 256;

    /// <summary>
    /// The engine forms each batch while the step before it runs (an overlap scheduler): a request that arrives during a
    /// step joins the batch after the next, unless the replica has nothing else to run.
    /// </summary>
    public bool ScheduleAhead { get; init; }

    /// <summary>Most tokens in one iteration (vLLM max_num_batched_tokens), over all its micro-batches.</summary>
    public int MaxBatchTokens { get; init; } = 8192;

    /// <summary>
    /// Batches a pipelined replica keeps in flight (its pipeline micro-batches; 1 without pipeline parallelism). Engines
    /// apply their limits to each (TensorRT-LLM's max_batch_size and max_num_tokens per micro-batch, vLLM's max_num_seqs
    /// per virtual engine or scheduled batch), so <see cref="MaxSequences"/> and <see cref="MaxBatchTokens"/> are the
    /// scenario's limits times this, and a batch policy's token budget is scaled alike.
    /// </summary>
    public int MicroBatches { get; init; } = 1;

    /// <summary>
    /// Ranks that each run attention for their own sequences (attention data parallelism; 1 without it). Each rank's
    /// engine holds its own share of <see cref="MaxBatchTokens"/> and a batch policy's budget, and a sequence's prompt runs
    /// on one rank, so a chunking policy caps a prompt's chunk at that share less the rank's decodes.
    /// </summary>
    public int AttentionRanks { get; init; } = 1;

    public PreemptionMode Preemption { get; init; } = PreemptionMode.Recompute;

    /// <summary>
    /// The model's local-attention layers (sliding window or chunks), whose attention covers less than the context:
    /// the replica tells the timer how many tokens they skip. Null: every layer attends the whole context.
    /// </summary>
    public Performance.LocalAttention? LocalAttention { get; init; }

    /// <summary>
    /// Whether a decode step reads a beam-search request's shared prompt KV once for all its beams (a cascade, shared-prefix
    /// decode kernel: TensorRT-LLM's TRTLLM_ENABLE_CASCADE_MMHA, FlashInfer's cascade attention). False, the default: each
    /// beam reads its whole context, the prompt included, as TensorRT-LLM's masked multi-head attention kernel does
    /// (one block per head and beam; NVIDIA/TensorRT-LLM pull request 14396, whose cascade kernel removes that re-read).
    /// </summary>
    public bool BeamPromptReadOnce { get; init; }

    /// <summary>
    /// With a preempting mode, the share of the tokens the running requests have still to generate
    /// that admission keeps free: a new request is let in only when its prompt and its whole output
    /// fit beside that share (SGLang's new_token_ratio, 0.1 at its floor). 0 admits whenever the prompt
    /// fits (vLLM); <see cref="PreemptionMode.None"/> always keeps all of it (1).
    /// </summary>
    public double AdmissionReserve { get; init; }

    /// <summary>
    /// With a preempting mode, the share of the KV blocks that admitting a request must leave free while other
    /// sequences hold the cache (vLLM V0's block manager watermark, 0.01), so the running decodes take their next
    /// blocks from it instead of preempting one. 0 admits until the cache is full.
    /// </summary>
    public double AdmissionWatermark { get; init; }

    /// <summary>Bandwidth of the link KV is swapped over, bytes per second (host PCIe or CXL).</summary>
    public double SwapBytesPerSecond { get; init; } = 50e9;

    /// <summary>
    /// Bytes per second each way this replica's KV transfers may use on its nodes' network (its share of
    /// the node's NIC); 0: the set-up's <see cref="Cluster.ServingSetup.KvLinkBytesPerSecond"/>.
    /// </summary>
    public double NetworkBytesPerSecond { get; init; }

    /// <summary>Accelerators in the replica (for utilization and cost).</summary>
    public int Accelerators { get; init; } = 1;

    public string Pool { get; init; } = "default";
}
