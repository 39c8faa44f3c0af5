namespace ClusterSim.Scenarios.Policies;

/// <summary>
/// What a deployment gets for a setting its scenario leaves out: its engine's own default, read from the efficiency stack it
/// runs on, so a TensorRT-LLM deployment is not run the way vLLM runs. A stack is not an engine version, so a run says
/// which default it took and why (the reasons below go into its notes).
/// <para>
/// TensorRT-LLM (the <c>trtllm-*</c> stacks), from its LLM API's defaults (tensorrt_llm/llmapi/llm_args.py):
/// <c>enable_chunked_prefill</c> false, so in-flight batching of whole prompts (<c>inflight</c>);
/// <c>SchedulerConfig.capacity_scheduler_policy</c> GUARANTEED_NO_EVICT, which admits a request only with room for its
/// whole output and never preempts (<c>none</c>); <c>max_batch_size</c> 2,048 (applied to each rank under attention dp).
/// Every other stack takes the schema's defaults: <c>continuous</c> batching (each prompt prefilled in an iteration of its
/// own, as vLLM's V0 engine, on which the vllm entry was fitted, and SGLang, whose <c>enable_mixed_chunk</c> is off by
/// default, schedule), <c>recompute</c> preemption and 256 sequences (vLLM V0's <c>max_num_seqs</c>).
/// </para>
/// </summary>
public static class EngineDefaults
{
    /// <summary>TensorRT-LLM's LLM API default <c>max_batch_size</c>.</summary>
    public const int TensorRtLlmMaxBatch = 2048;

    /// <summary>The policy for <paramref name="seam"/> on <paramref name="stack"/> (null: the default stack).</summary>
    public static string Policy(PolicySeam seam, string? stack) => (seam, IsTensorRtLlm(stack)) switch
    {
        (PolicySeam.Batching, true) => "inflight",
        (PolicySeam.Preemption, true) => "none",
        _ => PolicyCatalog.DefaultName(seam),
    };

    /// <summary>Why <see cref="Policy"/> chose what it did for <paramref name="seam"/> on <paramref name="stack"/>, for a run's notes.</summary>
    public static string PolicyReason(PolicySeam seam, string? stack) => (seam, stack) switch
    {
        (PolicySeam.Batching, _) when IsTensorRtLlm(stack) => $"TensorRT-LLM's own default for stack {stack}: in-flight batching with chunked context off",
        (PolicySeam.Batching, "vllm") => "vLLM's V0 engine's default, on which the vllm entry was fitted: each prompt prefilled in an iteration of its own, " +
                                         "pausing the decodes; vLLM 0.8 and later (V1) mix prompt chunks into the decode steps: name chunked_prefill with the " +
                                         "engine's max_num_batched_tokens as token_budget",
        (PolicySeam.Batching, "sglang") => "SGLang's default (enable_mixed_chunk off): each prompt prefilled in a batch of its own, pausing the decodes",
        (PolicySeam.Batching, _) => "each prompt prefilled in an iteration of its own, pausing the decodes; TensorRT-LLM runs inflight and vLLM 0.8 and later chunked_prefill",
        (PolicySeam.Preemption, _) when IsTensorRtLlm(stack) => $"TensorRT-LLM's own default for stack {stack}: the guaranteed-no-evict scheduler admits a request " +
                                                               "only with room for its whole output and never preempts",
        (PolicySeam.Preemption, "vllm") => "vLLM's default: a preempted request's KV cache is dropped and recomputed; V0's block manager also keeps 1 % of the " +
                                           "blocks free at admission: name {name: recompute, watermark: 0.01} for it",
        (PolicySeam.Preemption, "sglang") => "SGLang retracts requests and recomputes them; its admission's reserve for the running requests' growth " +
                                             "(new_token_ratio) is not applied: name {name: recompute, reserve: ...} for it",
        (PolicySeam.Preemption, _) => "a preempted request's KV cache is dropped and recomputed; TensorRT-LLM admits without preempting (none)",
        _ => "the default",
    };

    /// <summary>The engine's own most sequences a step on <paramref name="stack"/>, or null where the schema's default stands.</summary>
    public static int? MaxBatch(string? stack) => IsTensorRtLlm(stack) ? TensorRtLlmMaxBatch : null;

    /// <summary>Why a deployment that gives no max_batch runs the default it does on <paramref name="stack"/>, for a run's notes.</summary>
    public static string MaxBatchReason(string? stack, int ranks) => stack switch
    {
        _ when IsTensorRtLlm(stack) => ranks > 1
            ? $"TensorRT-LLM's default max_batch_size ({TensorRtLlmMaxBatch}) on each of the {ranks} attention-dp ranks, for stack {stack}"
            : $"TensorRT-LLM's default max_batch_size, for stack {stack}",
        "sglang" => "vLLM V0's default max_num_seqs; SGLang sizes its running requests by the KV memory: give max_batch",
        _ => "vLLM V0's default max_num_seqs; vLLM 0.8 and later (V1) take more on large GPUs: give max_batch",
    };

    /// <summary>The stack an execution model names, or null (the default stack, or a predictor without one).</summary>
    public static string? StackOf(PolicySpec? execution)
        => execution is { Name: "roofline" } && execution.GetString("stack", "") is { Length: > 0 } stack ? stack : null;

    private static bool IsTensorRtLlm(string? stack) => stack is not null && stack.StartsWith("trtllm", StringComparison.Ordinal);
}
