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
/// vLLM's V1 engine (a vllm stack whose <c>engine_version</c> is 0.8 or later, or v1), from its engine arguments as
/// <c>vllm serve</c> sets them (vllm/engine/arg_utils.py, the OPENAI_API_SERVER usage context): chunked prefill, always on
/// in V1, with <c>max_num_batched_tokens</c> 8,192 and <c>max_num_seqs</c> 1,024 on a part with 70 GiB or more that is
/// not an A100 (vLLM pull requests 12369, 17073 and 17885, 2025), 2,048 and 256 otherwise.
/// Every other stack takes the schema's defaults: <c>continuous</c> batching (each prompt prefilled in an iteration of its
/// own, as vLLM's V0 engine, on which the vllm entry was fitted, and SGLang, whose <c>enable_mixed_chunk</c> is off by
/// default, schedule), <c>recompute</c> preemption and 256 sequences (vLLM V0's <c>max_num_seqs</c>).
/// One V0 exception: from 0.5.3, V0 turned chunked prefill on by itself for a model whose context passes 32K
/// (<c>max_model_len &gt; 32768</c>, without a sliding window), with V0's budget for it, 512 tokens a step with the decodes
/// (vllm/engine/arg_utils.py, "Chunked prefill is enabled by default for models with max_model_len &gt; 32K", and
/// SchedulerConfig); on ROCm only before 0.6.5 (pull request 11146 turned it off there, "due to poor performance"). A
/// scenario has no max_model_len, so the model's own context stands for it, and the run says what to name for an engine
/// started with a shorter one.
/// </para>
/// </summary>
public static class EngineDefaults
{
    /// <summary>TensorRT-LLM's LLM API default <c>max_batch_size</c>.</summary>
    public const int TensorRtLlmMaxBatch = 2048;

    /// <summary>The longest model context vLLM's V0 engine prefilled whole by default; past it, chunked prefill (from 0.5.3).</summary>
    public const int VllmV0LongContext = 32768;

    /// <summary>V0's <c>max_num_batched_tokens</c> when chunked prefill is on and none is given (SchedulerConfig).</summary>
    public const int VllmV0ChunkedBudget = 512;

    /// <summary>The first vLLM release that turned chunked prefill on by itself past 32K of context (pull request 6666).</summary>
    public static readonly Version VllmFirstLongContextChunking = new(0, 5, 3);

    /// <summary>The first vLLM release that no longer did so on ROCm (pull request 11146, merged 2024-12-12).</summary>
    public static readonly Version VllmRocmLastLongContextChunking = new(0, 6, 5);

    /// <summary>
    /// The policy for <paramref name="seam"/> on <paramref name="stack"/> (null: the default stack) run as engine
    /// <paramref name="version"/> on <paramref name="accelerator"/>, serving <paramref name="model"/> (null where not known).
    /// </summary>
    public static string Policy(PolicySeam seam, string? stack, string? version = null, ModelSpec? model = null, AcceleratorSpec? accelerator = null)
        => (seam, IsTensorRtLlm(stack)) switch
        {
            (PolicySeam.Batching, true) => "inflight",
            (PolicySeam.Preemption, true) => "none",
            (PolicySeam.Batching, false) when IsVllmV1(stack, version) => "chunked_prefill",
            (PolicySeam.Batching, false) when VllmV0ChunksLongContext(stack, version, model, accelerator) => "chunked_prefill",
            _ => PolicyCatalog.DefaultName(seam),
        };

    /// <summary>
    /// The token budget a step takes when its scenario gives none: vLLM V1's <c>max_num_batched_tokens</c> for
    /// <c>vllm serve</c>, V0's 512 where it chunked a long context by itself, or null where the policy's own default stands.
    /// </summary>
    public static int? TokenBudget(string? stack, string? version, AcceleratorSpec? accelerator, ModelSpec? model = null)
        => IsVllmV1(stack, version) ? (LargeForVllm(accelerator) ? 8192 : 2048)
            : VllmV0ChunksLongContext(stack, version, model, accelerator) ? VllmV0ChunkedBudget : null;

    /// <summary>
    /// Whether vLLM's V0 engine, release <paramref name="version"/> on <paramref name="accelerator"/>, turned chunked prefill on
    /// by itself for <paramref name="model"/>: from 0.5.3, for a context past 32K without a sliding window, on ROCm only
    /// before 0.6.5. A release must be written (v0 names no release); a model or part not known counts as not.
    /// </summary>
    public static bool VllmV0ChunksLongContext(string? stack, string? version, ModelSpec? model, AcceleratorSpec? accelerator)
        => V0ReleaseOfLongContext(stack, version, model) && Release(version!) is var release
           && release >= VllmFirstLongContextChunking && !(IsRocm(accelerator) && release >= VllmRocmLastLongContextChunking);

    /// <summary>A vLLM V0 release (written as one: v0 names none) serving a model whose context passes 32K without a sliding window.</summary>
    private static bool V0ReleaseOfLongContext(string? stack, string? version, ModelSpec? model)
        => model is LlmModelSpec { MaxContext: > VllmV0LongContext, LocalAttention: null }
           && version is { Length: > 2 } && EngineVersions.IsValid(version)
           && EngineVersions.Generation(stack ?? "vllm", version, 1) == EngineGeneration.V0;

    /// <summary>Why <see cref="Policy"/> chose what it did for <paramref name="seam"/> on <paramref name="stack"/>, for a run's notes.</summary>
    public static string PolicyReason(PolicySeam seam, string? stack, string? version = null, ModelSpec? model = null, AcceleratorSpec? accelerator = null) => (seam, stack) switch
    {
        (PolicySeam.Batching, _) when IsTensorRtLlm(stack) => $"TensorRT-LLM's own default for stack {stack}: in-flight batching with chunked context off",
        (PolicySeam.Batching, _) when VllmV0ChunksLongContext(stack, version, model, accelerator) =>
            $"vLLM V0's own for a context past 32K (engine_version {version}, '{model!.Key}' takes {((LlmModelSpec)model).MaxContext:N0} tokens): " +
            $"from 0.5.3 V0 turned chunked prefill on by itself for max_model_len over {VllmV0LongContext:N0}, {VllmV0ChunkedBudget} tokens a step with " +
            "the decodes (vllm/engine/arg_utils.py, SchedulerConfig; on ROCm only before 0.6.5); for an engine started with " +
            "--max-model-len of 32K or less name continuous",
        (PolicySeam.Batching, _) when IsVllmV1(stack, version) => $"vLLM V1's own (engine_version {version}): prompts in chunks within a token budget a step, " +
                                                                   "decodes first; the budget is max_num_batched_tokens as vllm serve sets it, 8,192 on a part with " +
                                                                   "70 GiB or more other than an A100 and 2,048 otherwise (vllm/engine/arg_utils.py)",
        (PolicySeam.Batching, "vllm") => "vLLM's V0 engine's default, on which the vllm entry was fitted: each prompt prefilled in an iteration of its own, " +
                                         "pausing the decodes; vLLM 0.8 and later (V1) mix prompt chunks into the decode steps: name chunked_prefill with the " +
                                         "engine's max_num_batched_tokens as token_budget" + LongContextAside(stack, version, model, accelerator),
        (PolicySeam.Batching, "sglang") => "SGLang's default (enable_mixed_chunk off): each prompt prefilled in a batch of its own, pausing the decodes",
        (PolicySeam.Batching, _) => "each prompt prefilled in an iteration of its own, pausing the decodes; TensorRT-LLM runs inflight and vLLM 0.8 and later chunked_prefill",
        (PolicySeam.Preemption, _) when IsTensorRtLlm(stack) => $"TensorRT-LLM's own default for stack {stack}: the guaranteed-no-evict scheduler admits a request " +
                                                               "only with room for its whole output and never preempts",
        (PolicySeam.Preemption, _) when IsVllmV1(stack, version) => $"vLLM V1's own (engine_version {version}): a preempted request's KV cache is dropped " +
                                                                     "and recomputed; V1 admits without V0's 1 % watermark (its own is off by default, " +
                                                                     "vLLM pull request 44594): name {name: recompute, watermark: ...} for one",
        (PolicySeam.Preemption, "vllm") => "vLLM's default: a preempted request's KV cache is dropped and recomputed; V0's block manager also keeps 1 % of the " +
                                           "blocks free at admission: name {name: recompute, watermark: 0.01} for it",
        (PolicySeam.Preemption, "sglang") => "SGLang retracts requests and recomputes them; its admission's reserve for the running requests' growth " +
                                             "(new_token_ratio) is not applied: name {name: recompute, reserve: ...} for it",
        (PolicySeam.Preemption, _) => "a preempted request's KV cache is dropped and recomputed; TensorRT-LLM admits without preempting (none)",
        _ => "the default",
    };

    /// <summary>
    /// The engine's own most sequences a step on <paramref name="stack"/> run as <paramref name="version"/> on
    /// <paramref name="accelerator"/>, or null where the schema's default stands.
    /// </summary>
    public static int? MaxBatch(string? stack, string? version = null, AcceleratorSpec? accelerator = null)
        => IsTensorRtLlm(stack) ? TensorRtLlmMaxBatch : IsVllmV1(stack, version) ? (LargeForVllm(accelerator) ? 1024 : 256) : null;

    /// <summary>Why a deployment that gives no max_batch runs the default it does on <paramref name="stack"/>, for a run's notes.</summary>
    public static string MaxBatchReason(string? stack, int ranks, string? version = null) => stack switch
    {
        _ when IsTensorRtLlm(stack) => ranks > 1
            ? $"TensorRT-LLM's default max_batch_size ({TensorRtLlmMaxBatch}) on each of the {ranks} attention-dp ranks, for stack {stack}"
            : $"TensorRT-LLM's default max_batch_size, for stack {stack}",
        _ when IsVllmV1(stack, version) => $"vLLM V1's default max_num_seqs as vllm serve sets it (engine_version {version}): 1,024 on a part with 70 GiB or more " +
                                           "other than an A100, 256 otherwise (vllm/engine/arg_utils.py)",
        "sglang" => "vLLM V0's default max_num_seqs; SGLang sizes its running requests by the KV memory: give max_batch",
        _ => "vLLM V0's default max_num_seqs; vLLM 0.8 and later (V1) take more on large GPUs: give max_batch",
    };

    /// <summary>The first SGLang release whose scheduler forms each batch while the step before it runs (its overlap scheduler, on by default).</summary>
    public static readonly Version SglangFirstOverlap = new(0, 4, 0);

    /// <summary>
    /// The first vLLM release whose V1 engine forms each batch while the step before it runs, by default: its async scheduling,
    /// made the default by pull request 27614 and first released in 0.14.0 (2026-01-17; deepjavalibrary/djl issue 3833, "Async
    /// scheduling is now enabled by default in v0.14"; vllm/config/vllm.py turns an unset async_scheduling on unless an option
    /// rules it out).
    /// </summary>
    public static readonly Version VllmFirstAsyncScheduling = new(0, 14, 0);

    /// <summary>
    /// Whether the engine on <paramref name="stack"/> run as <paramref name="version"/> forms each batch while the step before
    /// it runs, by default: TensorRT-LLM's PyTorch backend (its overlap scheduler, on by default: docs, features/overlap-scheduler),
    /// SGLang from 0.4 (its event_loop_overlap, the default since the "zero-overhead batch scheduler" of 0.4.0) and vLLM from
    /// 0.14 (its async scheduling, <see cref="VllmFirstAsyncScheduling"/>).
    /// </summary>
    public static bool SchedulesAhead(string? stack, string? version)
        => stack is not null && stack.StartsWith("trtllm-pytorch", StringComparison.Ordinal)
           // A release number (v0 / v1 name vLLM's engine generations, not an SGLang release).
           || (stack == "sglang" && version is { Length: > 2 } && EngineVersions.IsValid(version) && Release(version) >= SglangFirstOverlap)
           || VllmSchedulesAhead(stack, version);

    /// <summary>A vllm stack (or none named: vllm is the LLM pools' default) whose release runs async scheduling by default.</summary>
    public static bool VllmSchedulesAhead(string? stack, string? version)
        => (stack ?? "vllm") == "vllm" && version is { Length: > 2 } && EngineVersions.IsValid(version) && IsVllmV1(stack, version)
           && Release(version) >= VllmFirstAsyncScheduling;

    /// <summary>Why <see cref="SchedulesAhead"/> says so, for a run's notes.</summary>
    public static string ScheduleAheadReason(string? stack, string? version)
        => stack is not null && stack.StartsWith("trtllm-pytorch", StringComparison.Ordinal)
            ? $"TensorRT-LLM's PyTorch backend runs its overlap scheduler by default (stack {stack})"
            : VllmSchedulesAhead(stack, version)
                ? $"vLLM from 0.14 runs its async scheduling by default (engine_version {version}; pull request 27614)"
                : $"SGLang from 0.4 runs its overlap scheduler by default (engine_version {version})";

    /// <summary>
    /// The time a request spends between a streaming HTTP client and an engine behind its OpenAI-compatible server, beyond the
    /// engine's steps: request parsing, chat template and tokenizer, the hop to the engine process and back, the detokenizer,
    /// the streamed response and the client's parsing. Timed with the engine's forward mocked to a fixed 2.632 ms on the CPU
    /// (tenstorrent/tt-inference-server issue 3560, 2026-05: SGLang's server, vllm bench serve's openai-chat client, 128-token
    /// prompts, one request at a time): a median first token of 9.54 ms, less the one forward, 6.91 ms. The server's own share
    /// agrees: vLLM's online first token came 4 ms after its offline one on the same engine (issue 190, 2025-05). Nothing
    /// here is fitted to a simulated row. Taken alike for vLLM, SGLang and trtllm-serve, each a Python server streaming
    /// server-sent events.
    /// </summary>
    public const double HttpRequestPathSeconds = 0.00691;

    /// <summary>Where <see cref="HttpRequestPathSeconds"/> was timed, as runs' notes and the schema name it.</summary>
    public const string HttpRequestPathSource = "an SGLang server timed around a mocked forward, tenstorrent/tt-inference-server issue 3560";

    /// <summary>
    /// How an engine on <paramref name="stack"/> is served where the scenario does not say (its <c>request_path</c>): vLLM,
    /// SGLang and TensorRT-LLM's PyTorch backend behind their HTTP servers (vllm serve, sglang.launch_server, trtllm-serve),
    /// any other stack (TensorRT-LLM's C++ executor, as MLPerf's harness and trtllm-bench drive it, or a predictor without a
    /// stack) in its harness's own process.
    /// </summary>
    public static RequestPathSpec RequestPath(string? stack)
        => ServedOverHttp(stack) ? new RequestPathSpec(RequestPathKind.Http, HttpRequestPathSeconds) : new RequestPathSpec(RequestPathKind.InProcess, 0);

    /// <summary>Why <see cref="RequestPath"/> says so, for a run's notes.</summary>
    public static string RequestPathReason(string? stack)
        => ServedOverHttp(stack)
            ? $"stack {stack} is served by its engine's HTTP server by default, where a streaming client's request and first token take that long " +
              $"beyond the engine's steps ({HttpRequestPathSource}); request_path: in_process for a harness in the engine's process"
            : (stack is null ? "this predictor names no engine" : $"stack {stack} is run in its harness's own process, as MLPerf's harness and trtllm-bench run TensorRT-LLM's C++ executor") +
              "; request_path: http for an engine behind an HTTP server";

    private static bool ServedOverHttp(string? stack)
        => stack is "vllm" or "sglang" || (stack is not null && stack.StartsWith("trtllm-pytorch", StringComparison.Ordinal));

    /// <summary>The stack an execution model names, or null (the default stack, or a predictor without one).</summary>
    public static string? StackOf(PolicySpec? execution)
        => execution is { Name: "roofline" } && execution.GetString("stack", "") is { Length: > 0 } stack ? stack : null;

    /// <summary>The engine version an execution model names, or null.</summary>
    public static string? VersionOf(PolicySpec? execution)
        => execution is { Name: "roofline" } && execution.GetString("engine_version", "") is { Length: > 0 } version ? version : null;

    private static bool IsTensorRtLlm(string? stack) => stack is not null && stack.StartsWith("trtllm", StringComparison.Ordinal);

    /// <summary>
    /// Why a V0 release kept whole prompts for a context past 32K, where its engine chunked others by itself: on ROCm from
    /// 0.6.5, or before 0.5.3; empty otherwise.
    /// </summary>
    private static string LongContextAside(string? stack, string? version, ModelSpec? model, AcceleratorSpec? accelerator)
    {
        if (!V0ReleaseOfLongContext(stack, version, model) || VllmV0ChunksLongContext(stack, version, model, accelerator))
        {
            return "";
        }

        var llm = (LlmModelSpec)model!;
        return Release(version!) < VllmFirstLongContextChunking
            ? $" ('{llm.Key}' takes {llm.MaxContext:N0} tokens, but V0 chunked a context past 32K by itself only from 0.5.3)"
            : $" ('{llm.Key}' takes {llm.MaxContext:N0} tokens, which V0 chunked by itself on CUDA parts, but not on ROCm from 0.6.5: vLLM pull request 11146)";
    }

    private static bool IsRocm(AcceleratorSpec? accelerator)
        => string.Equals(accelerator?.Vendor, "amd", StringComparison.OrdinalIgnoreCase);

    /// <summary>A release as major.minor.patch (0.6.2; 0.6 reads 0.6.0), the suffix after it dropped.</summary>
    private static Version Release(string version)
    {
        var parts = version.Split('.', 3);
        static int Leading(string part) => int.Parse(new string(part.TakeWhile(char.IsAsciiDigit).ToArray()) is { Length: > 0 } d ? d : "0",
            System.Globalization.CultureInfo.InvariantCulture);
        return new Version(Leading(parts[0]), Leading(parts[1]), parts.Length > 2 ? Leading(parts[2]) : 0);
    }

    /// <summary>
    /// A vllm stack (or none named: vllm is the LLM pools' default) run as V1 by its version; a default is never inferred
    /// from rounds, which are named with the batching.
    /// </summary>
    private static bool IsVllmV1(string? stack, string? version)
        => version is { Length: > 0 } && EngineVersions.Generation(stack ?? "vllm", version, 1) == EngineGeneration.V1;

    /// <summary>vLLM's test for its larger defaults: 70 GiB or more of device memory, and not an A100 (pull request 17885).</summary>
    private static bool LargeForVllm(AcceleratorSpec? accelerator)
        => accelerator is not null && accelerator.HbmGb >= 70 && !accelerator.Key.StartsWith("a100", StringComparison.Ordinal);
}
