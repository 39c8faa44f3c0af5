namespace ClusterSim.Scenarios.Policies;

/// <summary>
/// Every built-in policy and execution model a scenario can name, with its parameters, defaults and meaning,
/// written once. The scenario schema (<c>policies.*</c>, <c>execution_model</c>) is generated from it, and the
/// simulator's registries (ClusterSim.Model: Routers, BatchPolicies, QueueDisciplines, AdmissionPolicies,
/// ExecutionModels) bind a factory to each name here and read their defaults from it.
/// </summary>
/// <remarks>
/// Why the split: ClusterSim.Scenarios checks files and must not reference the simulator, so the descriptors
/// (names, parameters, defaults) live here where the schema sees them, and ClusterSim.Model owns the factories.
/// A test in ClusterSim.Model.Tests checks that every entry here has a factory there and that
/// <see cref="SeamInterface"/> names the real interface.
/// </remarks>
public static class PolicyCatalog
{
    private static PolicyParameter Int(string name, long min, string description, long? @default = null)
        => new(name, ParameterType.Integer, description, @default) { Min = min, Required = @default is null };

    private static PolicyParameter Dur(string name, string description, string? @default)
        => new(name, ParameterType.Duration, description, @default) { Min = 0 };

    private static PolicyParameter Factor(string name, string description)
        => new(name, ParameterType.Number, description) { Min = 0, MinExclusive = true, Max = 1 };

    private static PolicyParameter Reserve() => new("reserve", ParameterType.Number,
        "Share of the tokens running requests still have to generate that admission keeps free: a new request waits until its prompt and whole output fit beside it (SGLang's new_token_ratio, 0.1 at its floor). 0 admits as soon as the prompt fits (vLLM).", 0.0)
    { Min = 0, Max = 1 };

    // An overlap scheduler forms each batch while the step before it runs (SGLang's event_loop_overlap, TensorRT-LLM's PyTorch
    // executor, vLLM's async scheduling): what arrives during a step can join only the batch after next.
    private static PolicyParameter ScheduleAhead() => new("schedule_ahead", ParameterType.Choice,
        "Whether the engine forms each batch while the step before it runs (an overlap scheduler), so a request that arrives during a step joins the batch after the next: " +
        "engine (the stack's own: on for TensorRT-LLM's PyTorch backend, trtllm-pytorch-*, for sglang from engine_version 0.4 and for vllm from 0.14, its async scheduling's default), on, off.", "engine")
    { Choices = ["engine", "on", "off"] };

    private static PolicyParameter Watermark() => new("watermark", ParameterType.Number,
        "Share of the KV cache's blocks that admitting a request must leave free while others hold the cache, so the running decodes' next blocks come from it rather than from preempting one (vLLM V0's block manager watermark, 0.01). 0 admits until the cache is full.", 0.0)
    { Min = 0, Max = 0.5 };

    /// <summary>The what-if every execution model takes (applied by the replica's timer, not by the predictor).</summary>
    private static PolicyParameter StepScale() => new("step_scale", ParameterType.Number,
        "What-if, not a calibration: every LLM step this model predicts is multiplied by this factor (1.1 = steps 10 % longer), and so is every step, encoding and decoding of a video or image pool (not an avatar's), to see how an answer moves with the model's own error; the run's notes and summary.json say so. At most 100: no model is that far off, and beyond it a step could pass the end of simulated time.", 1.0)
    { Min = 0, MinExclusive = true, Max = 100 };

    private static PolicyEntry E(PolicySeam seam, string name, string description, params PolicyParameter[] parameters)
        => new(seam, name, description, parameters);

    /// <summary>Every entry, grouped by seam in schema order.</summary>
    public static IReadOnlyList<PolicyEntry> Entries { get; } =
    [
        E(PolicySeam.Routing, "round_robin", "Each replica in turn."),
        E(PolicySeam.Routing, "random", "A replica at random."),
        E(PolicySeam.Routing, "least_outstanding", "The replica with the fewest requests in flight."),
        E(PolicySeam.Routing, "shortest_queue_tokens", "The replica with the fewest tokens queued (join the shortest queue by tokens)."),
        E(PolicySeam.Routing, "power_of_two", "The less loaded of two replicas drawn at random."),
        E(PolicySeam.Routing, "prefix_aware", "The replica holding the longest cached prefix, unless it is much busier than the least loaded one.",
            Int("load_slack", 0, "Extra requests in flight the prefix holder may have over the least loaded replica and still be chosen.", 8)),
        E(PolicySeam.Routing, "step_pull", "The replica that next reaches a step boundary (an idle one at once), as engines pulling from one shared queue before each step take requests (NVIDIA's MLPerf harness); not balanced by load."),

        E(PolicySeam.Batching, "static", "Fill a batch, or start it after a timeout; run it to completion.",
            Int("max_batch", 1, "Requests per batch.", 32), Dur("timeout", "Longest wait for a full batch.", "1s")),
        E(PolicySeam.Batching, "dynamic", "Start a batch when it is full or its first request has waited max_wait; run it to completion.",
            Int("max_batch", 1, "Largest batch.", 32), Dur("max_wait", "Longest wait of the first request.", "10ms")),
        E(PolicySeam.Batching, "continuous", "Iteration-level batching (Orca, vLLM): requests join and leave every step.",
            Int("scheduler_steps", 1, "Decode steps per scheduling round: new requests join only between rounds (vLLM 0.6's --num-scheduler-steps, multi-step scheduling; 1: every step).", 1),
            ScheduleAhead()),
        // Sarathi-Serve and vLLM's chunked prefill use budgets of 512 to 2,048 tokens per iteration.
        E(PolicySeam.Batching, "chunked_prefill", "Continuous batching with prompts split into chunks within a token budget per step (Sarathi).",
            Int("token_budget", 1, "Tokens per iteration, prefill and decode together (per micro-batch of a pipelined replica, as engines apply max_num_tokens).", 2048),
            Int("chunk_cap", 0, "Most prompt tokens one request takes in an iteration (vLLM's long_prefill_token_threshold); 0: up to the budget.", 0),
            ScheduleAhead()),
        E(PolicySeam.Batching, "inflight", "In-flight batching without chunked context (TensorRT-LLM's default): every step carries the running decodes and whole prompts, oldest first, within the deployment's max_batch_tokens (max_num_tokens).",
            ScheduleAhead()),

        E(PolicySeam.Scheduling, "fcfs", "First come, first served."),
        E(PolicySeam.Scheduling, "priority", "Higher workload priority first, then first come."),
        E(PolicySeam.Scheduling, "shortest_first", "Shortest prompt first."),
        E(PolicySeam.Scheduling, "edf", "Earliest SLO deadline first."),
        E(PolicySeam.Scheduling, "fair", "Weighted fair sharing between classes: each backlogged class gets service in proportion to its priority + 1."),

        E(PolicySeam.Admission, "none", "Admit everything."),
        E(PolicySeam.Admission, "queue_limit", "Reject when the queue is full.",
            Int("max_queue", 1, "Longest queue per replica.")),
        E(PolicySeam.Admission, "token_bucket", "Rate limit.",
            new PolicyParameter("rate", ParameterType.Number, "Requests per second.") { Min = 0, MinExclusive = true, Required = true },
            Int("burst", 1, "Bucket size.")),
        E(PolicySeam.Admission, "slo_aware", "Reject a request whose predicted latency misses its SLO by more than the slack.",
            new PolicyParameter("slack", ParameterType.Number, "Tolerated ratio of predicted to target latency.", 1.0) { Min = 1 }),

        E(PolicySeam.Preemption, "none", "Never preempt: new requests wait for KV memory."),
        E(PolicySeam.Preemption, "recompute", "Drop a preempted request's KV cache and recompute it later (vLLM default).", Reserve(), Watermark()),
        E(PolicySeam.Preemption, "swap", "Move a preempted request's KV cache to host or CXL memory and back.",
            new PolicyParameter("to", ParameterType.Choice, "Where the KV cache goes.", "host") { Choices = ["host", "cxl"] }, Reserve(), Watermark()),

        E(PolicySeam.ExecutionModel, "roofline", "Analytic model from hardware specs and calibrated efficiencies.",
            new PolicyParameter("stack", ParameterType.Text, "Efficiency entry (software stack) to use from the calibration file (default vllm for LLM pools, splitwise-fp16 for image, avatar and video pools)."),
            new PolicyParameter("engine_version", ParameterType.Text,
                "Version of the engine the deployment runs, e.g. 0.6.4 (or v0 / v1 for vLLM's engine generation). On a vllm stack it sets how the entry's host cost per sequence is charged: vLLM V0 (before 0.8, or any release scheduling several steps a round) pays it once a scheduling round; the run's notes say how. On another stack it sets no price, and the run says so: the entry is charged as fitted, on the engine version it names (host_overlap sets an overlap scheduler's share); on sglang from 0.4 it makes batching's schedule_ahead default on (SGLang's overlap scheduler).")
            { Pattern = EngineVersions.Pattern, PatternHint = EngineVersions.PatternHint },
            Factor("compute_efficiency", "Override: fraction of peak FLOP/s the GEMMs reach (your own measurement)."),
            Factor("attention_efficiency", "Override: fraction of peak FLOP/s the attention kernels reach."),
            Factor("memory_efficiency", "Override: fraction of peak memory bandwidth reached."),
            Factor("link_efficiency", "Override: fraction of link bandwidth a large all-reduce reaches."),
            Dur("iteration_overhead", "Override: fixed time per iteration.", null),
            Dur("sequence_overhead", "Override: time per sequence in the batch per iteration.", null),
            Dur("prefill_overhead", "Override: extra time of an iteration with prefill work.", null),
            Dur("gemm_launch", "Override: fixed time of each GEMM launch, paid per GEMM of every layer.", null),
            Dur("attention_launch", "Override: fixed time of each layer's attention kernels (launch, split-KV reduction), paid once per layer per step.", null),
            Dur("collective_step_latency", "Override: latency of one step of a ring all-reduce (link, library and framework together).", null),
            new PolicyParameter("host_overlap", ParameterType.Number,
                "Override: share of the per-iteration host time (iteration, sequence and prefill overheads) that runs while the device computes, as an overlap scheduler does; 0 = in series, 1 = a step takes the longer of the two.")
            { Min = 0, Max = 1 },
            StepScale()),
        E(PolicySeam.ExecutionModel, "profile", "Interpolates a measured profile table.",
            new PolicyParameter("file", ParameterType.Text, "Profile CSV (Splitwise format), relative to the scenario file.") { Required = true },
            StepScale()),
    ];

    /// <summary>The entries of one seam, in catalog order.</summary>
    public static IReadOnlyList<PolicyEntry> Of(PolicySeam seam) => Entries.Where(e => e.Seam == seam).ToArray();

    /// <summary>The entry <paramref name="name"/> of <paramref name="seam"/>, or null for a name that is not built in.</summary>
    public static PolicyEntry? Find(PolicySeam seam, string name) => Entries.FirstOrDefault(e => e.Seam == seam && e.Name == name);

    /// <summary>Like <see cref="Find"/>, for a built-in the caller knows exists.</summary>
    public static PolicyEntry Get(PolicySeam seam, string name)
        => Find(seam, name) ?? throw new KeyNotFoundException($"no built-in {Key(seam)} '{name}'");

    /// <summary>The key a scenario writes it under: <c>routing</c> (under policies), ..., <c>execution_model</c>.</summary>
    public static string Key(PolicySeam seam) => seam switch
    {
        PolicySeam.ExecutionModel => "execution_model",
        _ => seam.ToString().ToLowerInvariant(),
    };

    /// <summary>What an implementation of <paramref name="seam"/> is called in messages: "routing policy", "execution model".</summary>
    public static string Noun(PolicySeam seam) => seam == PolicySeam.ExecutionModel ? "execution model" : $"{Key(seam)} policy";

    /// <summary>The name a scenario gets when it names none.</summary>
    public static string DefaultName(PolicySeam seam) => seam switch
    {
        PolicySeam.Routing => "least_outstanding",
        PolicySeam.Batching => "continuous",
        PolicySeam.Scheduling => "fcfs",
        PolicySeam.Admission => "none",
        PolicySeam.Preemption => "recompute",
        _ => "roofline",
    };

    /// <summary>
    /// Full name of the .NET interface a researcher's own type implements for <paramref name="seam"/>, or null when
    /// the seam takes only the built-ins (preemption: a mode of the replica, not a plug-in).
    /// </summary>
    public static string? SeamInterface(PolicySeam seam) => seam switch
    {
        PolicySeam.Routing => "ClusterSim.Model.Serving.Routing.IRouter",
        PolicySeam.Batching => "ClusterSim.Model.Serving.Batching.IBatchPolicy",
        PolicySeam.Scheduling => "ClusterSim.Model.Serving.Scheduling.IQueueDiscipline",
        PolicySeam.Admission => "ClusterSim.Model.Serving.Admission.IAdmissionPolicy",
        PolicySeam.ExecutionModel => "ClusterSim.Model.Performance.IExecutionModel",
        _ => null,
    };
}
