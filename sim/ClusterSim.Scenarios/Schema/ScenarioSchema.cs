using ClusterSim.Scenarios.Kinds;
using ClusterSim.Scenarios.Policies;
using static ClusterSim.Scenarios.Schema.Build;

namespace ClusterSim.Scenarios.Schema;

/// <summary>
/// The scenario language, described once: the loader checks files against it and
/// <c>clustersim schema</c> writes it as JSON Schema. Units live in key names (<c>_gb</c> = 1e9 bytes, except <c>hbm_gb</c>: memory capacity is binary, GiB;
/// <c>_gbs</c> = GB/s, <c>_w</c> watts, <c>_kw</c>, <c>_usd</c>, <c>_b</c> billions); durations are seconds
/// or strings with a unit.
/// </summary>
internal static class ScenarioSchema
{
    /// <summary>Formats a tensor can be stored or moved in.</summary>
    public static readonly string[] Precisions = ["fp32", "fp16", "bf16", "fp8", "int8", "int4", "fp4", "mxfp4"];

    /// <summary>Formats arithmetic runs in, the keys of a part's peaks (mxfp4 multiplies at the fp4 peak).</summary>
    public static readonly string[] ArithmeticPrecisions = ["fp32", "fp16", "bf16", "fp8", "int8", "int4", "fp4"];

    public static readonly string[] LinkKinds =
        ["nvlink3", "nvlink4", "nvlink5", "infinity_fabric", "pcie4", "pcie5", "pcie6", "ici", "roce", "neuronlink", "hccs", "ethernet", "infiniband", "nvlink_c2c"];

    /// <summary>Names with a dot name a researcher's own implementation (a .NET type); their parameters pass unchecked.</summary>
    public const string CustomNamePattern = @"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$";

    /// <summary>Each policy kind's union of built-in policies, by key under 'policies' (routing, batching, ...).</summary>
    public static readonly Dictionary<string, UnionShape> PolicyUnions = [];

    private static bool IsCustom(string name) => System.Text.RegularExpressions.Regex.IsMatch(name, CustomNamePattern);

    // ---- distributions -------------------------------------------------------------------------

    private static Shape Distribution(bool seconds)
    {
        Shape value = seconds ? Dur() : Int(1, max: DistributionSpec.MaxSample);
        Shape mean = seconds ? PositiveDur : Num(0, exclusive: true, max: DistributionSpec.MaxSample);
        Shape spread = seconds ? Dur() : Num(0, max: DistributionSpec.MaxSample);
        var unit = seconds ? "seconds (or a duration)" : "tokens";
        Field Lo() => F("min", value, $"Lower bound in {unit}: samples below it are raised to it.");
        Field Hi() => F("max", value, $"Upper bound in {unit}: samples above it are lowered to it.");
        var union = new UnionShape("kind",
        [
            Variant("kind", "constant", "Always the same value.", R("value", value, $"The value, in {unit}.")),
            Variant("kind", "uniform", "Uniform between min and max, inclusive.",
                R("min", value, $"Smallest value, in {unit}."), R("max", value, $"Largest value, in {unit}.")).Checked(new Ordered("min", "max", strict: false)),
            Variant("kind", "normal", "Normal (Gaussian), truncated to [min, max].",
                R("mean", mean, $"Mean, in {unit}."), R("std", spread, $"Standard deviation, in {unit}."), Lo(), Hi()).Checked(new Ordered("min", "max", strict: false)),
            Variant("kind", "lognormal", "Lognormal given by its mean and coefficient of variation (std / mean), truncated to [min, max].",
                R("mean", mean, $"Mean, in {unit}."), R("cv", Cv, "Coefficient of variation: standard deviation / mean."), Lo(), Hi()).Checked(new Ordered("min", "max", strict: false)),
            Variant("kind", "exponential", "Exponential with the given mean, truncated to [min, max].",
                R("mean", mean, $"Mean, in {unit}."), Lo(), Hi()).Checked(new Ordered("min", "max", strict: false)),
            Variant("kind", "empirical", "Samples drawn uniformly from a column of a CSV file (with a header row). A text workload's prompt_tokens and output_tokens from two columns of one file are drawn together, one row a request.",
                R("file", Str, "CSV file, relative to the scenario file."),
                F("column", Str, "Header of the column to sample; may be left out when the file has one column."),
                F("scale", Factor, "Multiplies every value (e.g. 0.001 for milliseconds to seconds).", 1.0)),
        ]);
        return new AltShape
        {
            Scalar = value,
            Mapping = union,
            DefName = seconds ? "seconds_distribution" : "token_distribution",
            Description = seconds
                ? "A distribution of durations: a plain duration for a constant, or a mapping with 'kind'."
                : "A distribution of token counts: a plain integer for a constant, or a mapping with 'kind'.",
        };
    }

    /// <summary>A distribution of token counts (or other whole numbers), for kinds' workload fields.</summary>
    internal static readonly Shape Tokens = Distribution(seconds: false);

    /// <summary>A distribution of durations, for kinds' workload fields.</summary>
    internal static readonly Shape Seconds = Distribution(seconds: true);

    // ---- arrivals ------------------------------------------------------------------------------

    private static readonly Shape TraceColumns = Obj(
        R("time", Str, "Column of the arrival time: its header name, or its 1-based number when header is absent."),
        R("prompt", Str, "Column of the prompt length in tokens."),
        R("output", Str, "Column of the output length in tokens."),
        F("hash_ids", Str, "Column of prefix-block ids (separated by spaces or semicolons) for the prefix cache; each id names a 512-token block, as in Mooncake traces."),
        F("time_unit", Enum("s", "ms", "us", "ns", "datetime"), "How the time is written: a number of seconds, milliseconds, microseconds or nanoseconds, or a date and time (UTC).", "s"),
        F("separator", Str, "Field separator, one character (a tab is written \"\\t\").", ","),
        F("header", Enum("present", "absent"), "Whether the first line names the columns.", "present")).Doc("Column layout of a generic CSV trace.");

    private static readonly Shape Arrival = new UnionShape("kind",
    [
        Variant("kind", "poisson", "Poisson arrivals: exponential gaps.", R("rate", Rate, "Mean arrivals per second.")),
        Variant("kind", "gamma", "Renewal process with gamma-distributed gaps: cv > 1 is burstier than Poisson.",
            R("rate", Rate, "Mean arrivals per second."), R("cv", Cv, "Coefficient of variation of the gaps (1 = Poisson).")),
        Variant("kind", "constant", "Evenly spaced arrivals.", R("rate", Rate, "Arrivals per second.")),
        Variant("kind", "diurnal", "Poisson with a sinusoidal rate over a period (a day by default).",
            R("mean_rate", Rate, "Mean arrivals per second over a period."),
            R("peak_to_trough", Num(1), "Ratio of the highest to the lowest rate (1 = flat)."),
            F("period", PositiveDur, "Length of one cycle.", "24h"),
            F("peak_at", Dur(), "Time within the period at which the rate peaks; default half the period.")),
        Variant("kind", "mmpp", "Bursts: a two-state Markov-modulated Poisson process, calm and burst.",
            R("rate", Rate, "Arrivals per second in the calm state."),
            R("burst_rate", Rate, "Arrivals per second during a burst."),
            R("burst_every", PositiveDur, "Mean time spent calm between bursts (exponential)."),
            R("burst_length", PositiveDur, "Mean duration of a burst (exponential).")).Checked(new Ordered("rate", "burst_rate", strict: true)),
        Variant("kind", "trace", "Replays a trace file: arrival times and sizes come from the file.",
            R("file", Str, "Trace file, relative to the scenario file."),
            R("format", Enum("azure", "mooncake", "burstgpt", "csv"),
                "azure: CSV TIMESTAMP,ContextTokens,GeneratedTokens (Azure LLM inference trace); mooncake: JSON lines with timestamp (ms), input_length, output_length, hash_ids; "
                + "burstgpt: CSV Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type (BurstGPT); csv: any CSV, its columns named under 'columns'."),
            F("time_scale", Factor, "Multiplies the gaps between arrivals: 0.5 replays twice as fast.", 1.0),
            F("columns", TraceColumns, "format csv only (and required there): which columns hold the arrival time, prompt and output tokens."),
            F("model", Str, "format burstgpt only: keep rows of this model (ChatGPT or GPT-4, any case); default all."),
            F("log_type", Str, "format burstgpt only: keep rows of this log type (Conversation log or API log, any case); default all.")),
        Variant("kind", "closed", "Closed loop: a fixed number of users, each sending its next request a think time after the last one finished.",
            R("users", Int(1), "Number of concurrent users."),
            R("think_time", Seconds, "Time between a response and the user's next request.")),
    ]).Def("arrival").Doc("How requests (or sessions) arrive.");

    // ---- workloads -----------------------------------------------------------------------------

    private static Field Reserve() => F("reserve", Num(0, max: 1),
        "Share of the tokens running requests still have to generate that admission keeps free: a new request waits until its prompt and whole output fit beside it (SGLang's new_token_ratio, 0.1 at its floor). 0 admits as soon as the prompt fits (vLLM).", 0.0);

    internal static Field Percentile() => F("percentile", Num(0, exclusive: true, max: 100), "Percentile the targets apply to (99 = p99).", 99.0);

    private static Field[] Common(string what) =>
    [
        R("model", Ref, $"Model serving this class: a key of 'models' or of the catalog ({what})."),
        R("arrival", Arrival, "How requests arrive."),
        F("priority", Int(0), "Higher is more important; used by priority scheduling, admission and preemption.", 0L),
        F("deployments", new ListShape(Ref) { MinItems = 1 }, "Restrict this class to these deployments; default: every deployment of its model."),
    ];

    /// <summary>Each registered kind's workload variant, in registration order.</summary>
    private static readonly Shape Workload = new UnionShape("kind",
        [.. KindRegistry.All.Select(k => k.WorkloadVariant(Common($"{k.ModelArticle} {k.ModelKind} model")))]).Def("workload").Doc("A class of traffic.");

    // ---- hardware ------------------------------------------------------------------------------

    private static readonly Shape Link = Obj(
        R("kind", Enum(LinkKinds), "Link technology."),
        R("bidir_gbs", Bandwidth, "Bandwidth in GB/s, both directions together, per accelerator (intra-node) or per node (network)."),
        F("latency", Dur(), "One-way latency."),
        F("peers", Int(1, 1024), "Accelerators this one links to directly when the fabric is a full mesh without switches (the 8-accelerator AMD Instinct and Intel Gaudi platforms: 7): bidir_gbs is split evenly among them, so a group of g accelerators of the node moves its collectives over g - 1 of them. Absent: a switched fabric (NVSwitch, a PCIe switch), which gives every group the whole bandwidth.")).Def("link").Doc("A link: technology, bandwidth, latency.");

    private static readonly Shape AllReduceCurve = Obj(
        R("gpus", Int(2, 1024), "Accelerators the benchmark ran on (one node)."),
        R("bytes", new ListShape(Num(0, exclusive: true, max: 1e15)) { MinItems = 2 }, "Message sizes in bytes, rising."),
        R("bus_gbs", new ListShape(Num(0, exclusive: true, max: 1e6)) { MinItems = 2 }, "Bus bandwidth at each size, GB/s (algorithm bandwidth x 2(n - 1)/n).")).Doc("A measured all-reduce curve.");

    private static readonly Shape EngineAllReduceCurve = Obj(
        R("gpus", Int(2, 1024), "Accelerators of the node the all-reduce ran over."),
        R("bytes", new ListShape(Num(0, exclusive: true, max: 1e15)) { MinItems = 2 }, "Message sizes in bytes, rising."),
        R("us", new ListShape(Num(0, exclusive: true, max: 1e9)) { MinItems = 2 }, "Time of one all-reduce at each size, in microseconds.")).Doc("One group size's timings.");

    private static readonly Shape EngineAllReduce = Obj(
        R("source", Str, "Where the timings come from; a run's notes quote it."),
        R("curves", new ListShape(EngineAllReduceCurve) { MinItems = 1 }, "One curve per group size.")).Doc("The serving engines' own small-message all-reduce, timed.");

    private static readonly Shape DecodeAttention = Obj(
        R("floor_us", Num(0, exclusive: true, max: 1e6), "Fixed time of one layer's paged decode attention, in microseconds: a timed kernel's time less its KV read, at batches and contexts too small for the read to matter."),
        R("source", Str, "Where the timings come from; a run's notes quote it.")).Doc("The decode attention kernels' fixed time a layer, timed on the part.");

    private static readonly Shape Tflops = Obj(
        [.. ArithmeticPrecisions.Select(p => F(p, PeakTflops, $"Dense peak {p} TFLOP/s (TOP/s for integers), without 2:4 sparsity."))])
        .Doc("Dense peak compute per precision; a precision left out is unsupported. fp4 serves both NVFP4 and MXFP4 operands.")
        .Checked(new AtLeastOne(ArithmeticPrecisions));

    internal static Field[] Provenance(bool catalog) =>
    [
        catalog ? R("confidence", Enum("high", "medium", "low"), "How far the figures can be trusted.")
                : F("confidence", Enum("high", "medium", "low"), "How far the figures can be trusted."),
        catalog ? R("source", Str, "Where the figures come from.") : F("source", Str, "Where the figures come from."),
        F("notes", Str, "Conflicting figures, estimates and choices made."),
    ];

    public static ObjectShape Accelerator(bool catalog) => new ObjectShape(
    [
        catalog ? R("name", Str, "Full name.") : F("name", Str, "Full name."),
        F("vendor", Str, "Maker."),
        R("hbm_gb", Capacity, "Accelerator memory as the vendor states it; memory capacities are binary, so 80 means 80 GiB (JEDEC)."),
        R("hbm_bandwidth_gbs", Bandwidth, "Memory bandwidth in GB/s."),
        R("tflops", Tflops, "Dense peak compute per precision."),
        R("tdp_w", BoardWatts, "Board power limit in watts."),
        F("idle_w", NonNegative, "Power when idle, in watts."),
        F("memory_pj_per_bit", NonNegative, "Energy to stream one bit from device memory into the cores (DRAM, PHY, L2), in picojoules (pJ/bit); memory power is this times the bandwidth used. Default 3.9."),
        F("matmul_share", Num(0, exclusive: true, max: 1), "Measured share of the BF16 dense peak that the best-shaped large matrix multiplications reach (maximum achievable matmul FLOP/s / peak), in (0, 1]. Only used when a stack fitted on another accelerator is transferred to this one: its compute efficiency scales by the two shares; without it the shares are assumed equal, and the run says so."),
        F("matmul_share_fp8", Num(0, exclusive: true, max: 1), "Measured share of the FP8 dense peak that the best FP8 matrix multiplications reach, in (0, 1]. Moves a compute efficiency measured at FP8 to this accelerator, and one measured at BF16/FP16 to FP8 arithmetic here (with matmul_share); without it the shares are assumed equal, and the run says so."),
        F("matmul_share_fp4", Num(0, exclusive: true, max: 1), "Measured share of the FP4 dense peak that the best FP4 matrix multiplications reach, in (0, 1]. Moves a compute efficiency measured at FP8 to FP4 arithmetic here (with matmul_share_fp8); without it the FP8 share is assumed to hold at FP4, and the run says so."),
        F("bandwidth_share", Num(0, exclusive: true, max: 1), "Measured share of hbm_bandwidth_gbs that a streaming kernel reaches (STREAM copy bandwidth / hbm_bandwidth_gbs), in (0, 1]. Only used when a stack fitted on another accelerator is transferred to this one: its memory efficiency scales by the two shares; without it the shares are assumed equal, and the run says so."),
        F("all_reduce", AllReduceCurve, "Measured all-reduce benchmark on one node of this part (nccl-tests all_reduce_perf): bus bandwidth by message size. Only used when a stack fitted on another accelerator is transferred to this one: its in-node all-reduces run at these bandwidths instead of the other part's link fit, and the run says so."),
        F("engine_all_reduce", EngineAllReduce, "The serving engines' own all-reduce for small messages timed on one node of this part (vLLM's custom all-reduce, which SGLang also runs: one kernel reading every peer's buffer, not NCCL's ring), by group size. Deployments of the vllm and sglang stacks price their in-node all-reduces over a timed group size, up to its largest timed message, at these times (interpolated log-log; below the smallest, its time); larger messages, other group sizes and other stacks at the link fit or all_reduce as before; the run says which."),
        F("decode_attention", DecodeAttention, "The decode attention kernels' fixed time a layer timed on this part (FlashAttention-3's and FlashInfer's paged decode). A vllm or sglang entry fitted on another part prices that time apart (attention_launch_s); moved to this part, it takes this one in place of none, and the run says so. Stacks whose fit holds the time in their fixed time per step (TensorRT-LLM's) are not changed."),
        F("link_share", Num(0, exclusive: true, max: 1), "Share of the scale_up link's rate each way that a large all-reduce over one node reaches (a benchmark's bus bandwidth / (bidir_gbs / 2); the catalog says where it is an estimate), in (0, 1]. Only used when a stack fitted on another accelerator is transferred to this one: it replaces the other part's link efficiency, and the run says so."),
        F("same_silicon_as", Str, "A catalog accelerator with the same die and memory (the SXM module of a PCIe card, the superchip of a board): its measured matmul_share, matmul_share_fp8, matmul_share_fp4 and bandwidth_share stand in for those this entry lacks (the FP4 one held to that part's FP4 FLOP/s a watt where this entry's peak a watt is higher), and the run says whose each is."),
        F("scale_up", Link, "The accelerator's own link to its peers (NVLink, Infinity Fabric, ...)."),
        F("host_link", Link, "Link to the host (PCIe)."),
        F("price_usd", NonNegative, "Purchase price per accelerator."),
        F("rent_usd_per_hour", NonNegative, "Rental price per accelerator-hour."),
        .. Provenance(catalog),
    ]).Def(catalog ? null : "accelerator").Doc("An accelerator's figures.").Checked(new Ordered("idle_w", "tdp_w", strict: true));

    private static readonly InheritShape AcceleratorEntry = new InheritShape(
        Accelerator(catalog: false), ObjectShape.Optional([Accelerator(catalog: false)]), "accelerator").Def("accelerator_entry").Doc("A catalog key, {from: key, ...overrides}, or a full definition.");

    private static readonly Shape NodeGroup = Obj(
        R("count", Int(1, 1_000_000), "Number of nodes in the group."),
        R("accelerator", Ref, "Accelerator type: a key of hardware.accelerators or of the catalog."),
        R("per_node", Int(1, 1024), "Accelerators per node."),
        F("link", Link, "Intra-node link between accelerators; default the accelerator's scale_up link."),
        F("host_memory_gb", Capacity, "Host DRAM per node in GB."),
        F("host_power_w", NonNegative, "Power of the node besides its accelerators (CPUs, memory, NICs, fans), in watts."),
        F("host_cores", Int(1, 100_000), "Host CPU cores per node (physical); CPU pipeline stages such as an avatar's paste-back and encoding share them. Default: not limited (the run says so)."),
        F("cxl", Obj(
            R("capacity_gb", Capacity, "CXL memory per node in GB."),
            R("bandwidth_gbs", Bandwidth, "Bandwidth to the CXL memory in GB/s."),
            R("latency", PositiveDur, "Access latency.")).Doc("CXL-attached memory: a tier below HBM and host memory."),
            "CXL memory per node."),
        F("network", Link, "Scale-out network per node (bandwidth and latency).")).Def("node_group").Doc("Identical nodes.");

    private static readonly Shape Rack = Obj(
        F("count", Int(1, 10_000), "Number of racks the listed node groups are spread over (at most 10,000: a large site).", 1L),
        R("nodes", new ListShape(Ref) { MinItems = 1 }, "Node groups in these racks."),
        F("power_cap_kw", Kilowatts, "Power cap per rack in kW; default facility.power_cap.rack_kw.")).Def("rack").Doc("Racks grouping nodes for power.");

    private static readonly Shape Hardware = Obj(
        F("accelerators", Map(AcceleratorEntry, "accelerator"), "Accelerators defined or adjusted here; catalog keys work without."),
        R("nodes", Map(NodeGroup, "node group", min: 1), "Node groups by name."),
        F("racks", Map(Rack, "rack"), "Racks by name; nodes in no rack get one rack per group.")).Doc("The machines.");

    // ---- models --------------------------------------------------------------------------------

    /// <summary>Full name: required in the catalog, the key by default in a scenario.</summary>
    internal static Field ModelName(bool catalog) => catalog ? R("name", Str, "Full name.") : F("name", Str, "Full name.");

    internal static Field ModelParams() => R("params_b", Billions, "Parameters in billions.");

    internal static Field ModelWeights() => F("weight_precision", Enum(Precisions), "Precision the weights are stored in.", "bf16");

    /// <summary>Each registered kind's model variant, in registration order.</summary>
    public static UnionShape Model(bool catalog)
        => new UnionShape("kind", [.. KindRegistry.All.Select(k => k.ModelVariant(catalog))]).Def(catalog ? null : "model").Doc("A model's architecture.");

    private static readonly UnionShape ScenarioModel = Model(catalog: false);

    private static readonly InheritShape ModelEntry = new InheritShape(ScenarioModel, ObjectShape.Optional(ScenarioModel.Variants, ScenarioModel.Tag), "model").Def("model_entry").Doc("A catalog key, {from: key, ...overrides}, or a full definition with 'kind'.");

    // ---- policies ------------------------------------------------------------------------------

    private static Shape Policy(string what, string defName, params ObjectShape[] variants) => Policy(what, defName, IsCustom, variants);

    private static Shape Policy(string what, string defName, Func<string, bool>? isOpen, params ObjectShape[] variants)
    {
        var union = new UnionShape("name", variants)
        {
            IsOpen = isOpen,
            OpenPattern = isOpen is null ? null : CustomNamePattern,
            Description = $"A {what} policy and its parameters.",
        };
        PolicyUnions[what] = union;
        return new AltShape
        {
            Scalar = new NameOfShape(union),
            Mapping = union,
            DefName = defName,
            Description = isOpen is null
                ? $"A {what} policy: a name, or {{name: ..., parameters}}."
                : $"A {what} policy: a name, or {{name: ..., parameters}}. A dotted name (My.Namespace.Type) names your own implementation.",
        };
    }

    private static ObjectShape P(string name, string description, params Field[] fields) => Variant("name", name, description, fields);

    /// <summary>A seam's built-ins as schema variants, generated from <see cref="PolicyCatalog"/> (their one description).</summary>
    private static ObjectShape[] FromCatalog(PolicySeam seam)
        => PolicyCatalog.Of(seam).Select(e => P(e.Name, e.Description, e.Parameters.Select(ToField).ToArray())).ToArray();

    /// <summary>A seam's union: open to dotted type names only where the seam has an interface to implement.</summary>
    private static Shape CatalogPolicy(PolicySeam seam)
    {
        var key = PolicyCatalog.Key(seam);
        var open = PolicyCatalog.SeamInterface(seam) is null ? null : (Func<string, bool>)IsCustom;
        return Policy(key, key + "_policy", open, FromCatalog(seam));
    }

    private static Field ToField(PolicyParameter p)
    {
        Shape shape = p.Type switch
        {
            ParameterType.Integer => Int(p.Min is { } min ? (long)min : null, p.Max is { } max ? (long)max : int.MaxValue),
            ParameterType.Number => Num(p.Min, p.MinExclusive, p.Max),
            ParameterType.Duration => Dur(p.Min, p.MinExclusive),
            ParameterType.Choice => Enum([.. p.Choices]),
            _ when p.Pattern is not null => new StringShape { Pattern = p.Pattern, PatternHint = p.PatternHint },
            _ => Str,
        };
        return p.Required ? R(p.Name, shape, p.Description) : F(p.Name, shape, p.Description, p.Default);
    }

    private static Field PolicyField(PolicySeam seam, string description)
        => F(PolicyCatalog.Key(seam), CatalogPolicy(seam), description, PolicyCatalog.DefaultName(seam));

    private static readonly Shape Policies = Obj(
        PolicyField(PolicySeam.Routing, "Which replica serves a request."),
        PolicyField(PolicySeam.Batching, "How a replica forms batches. Left out, the engine's own default for the execution model's stack: inflight for TensorRT-LLM's (trtllm-*), chunked_prefill for vLLM V1 (a vllm stack whose engine_version is 0.8 or later: 8,192 tokens a step on a part with 70 GiB or more other than an A100, 2,048 otherwise, as vllm serve sets them), continuous for the others (vLLM V0, SGLang); the run's notes say which."),
        PolicyField(PolicySeam.Scheduling, "Order of the waiting queue."),
        PolicyField(PolicySeam.Admission, "Which requests are let in."),
        PolicyField(PolicySeam.Preemption, "What happens when KV memory runs out. Left out, the engine's own default for the execution model's stack: none for TensorRT-LLM's (its guaranteed-no-evict scheduler), recompute for the others; the run's notes say which."),
        F("autoscaling", Policy("autoscaling", "autoscaling_policy",
            P("none", "A fixed number of replicas."),
            P("threshold", "Add or remove replicas when a metric crosses thresholds.",
                F("metric", Enum("utilization", "queue_length", "kv_occupancy"), "Metric compared with the thresholds: the serving replicas' busy share since the last evaluation, requests waiting per serving replica, or their KV cache in use (text pools only: a video or image pool has none).", "utilization"),
                R("scale_up_at", NonNegative, "Add a replica above this value."),
                R("scale_down_at", NonNegative, "Remove a replica below this value."),
                F("min_replicas", Int(0), "Fewest replicas.", 1L),
                R("max_replicas", Int(1), "Most replicas."),
                F("cooldown", Dur(), "Least time between two changes.", "60s"),
                F("startup", Dur(), "Time a new replica takes to serve (loading weights).", "60s")).Checked(new Ordered("scale_down_at", "scale_up_at", strict: true), new Ordered("min_replicas", "max_replicas", strict: false))),
            "How the replica count changes with load: text, video and image pools scale (avatar pools do not: their sessions hold a replica).", "none")).Def("policies").Doc("Serving policies, each by name with its parameters.");

    public static readonly UnionShape ExecutionModelUnion = new("name", FromCatalog(PolicySeam.ExecutionModel))
    { IsOpen = IsCustom, OpenPattern = CustomNamePattern };

    private static readonly Shape ExecutionModel = new AltShape
    {
        Scalar = new NameOfShape(ExecutionModelUnion),
        Mapping = ExecutionModelUnion,
        DefName = "execution_model",
        Description = "Predicts how long an iteration takes: roofline, profile, or a dotted .NET type name of your own predictor.",
    };

    // ---- deployments ---------------------------------------------------------------------------

    private static readonly Shape ExpertLoad = Obj(
        R("cv", Num(0), "Standard deviation over mean of the routed experts' token counts within a MoE layer in one iteration, averaged over layers (TensorRT-LLM's report_load_statistics.py, by expert)."),
        F("hottest", Num(1), "The hottest expert's token count over the mean, the same way (1 + TensorRT-LLM's imbalance ratio by expert)."))
        .Doc("A measured router skew over the experts.");

    private static readonly Shape ExpertExchangeKind = Enum("all_gather", "all_to_all");

    private static readonly Shape ExpertExchangeMapping = Obj(
        F("kind", ExpertExchangeKind, "all_gather: every rank's tokens are gathered to every rank and the experts' outputs reduce-scattered back (TensorRT-LLM wherever its all-to-all is off: it needs more ranks than experts a token and multi-node NVLink; vLLM's default allgather_reducescatter backend). all_to_all: each token goes only to its experts' ranks and back (DeepEP, NVLink one-sided, MNNVL).", "all_gather"),
        F("dispatch", Enum(Precisions), "Format the tokens' hidden states travel in to the experts (default: the format the experts' GEMMs take, as FP8 and FP4 checkpoints quantise before the exchange; bf16 for block-scaled FP8 such as DeepSeek's, which TensorRT-LLM quantises inside the MoE kernel, and for vLLM's default allgather_reducescatter backend, which gathers 16-bit hidden states). The outputs come back in 16 bits."))
        .Doc("How an attention-dp mixture of experts moves tokens to the ranks of their experts and back.");

    // `expert_exchange: all_to_all` is short for `{kind: all_to_all}`.
    private static readonly Shape ExpertExchangeShape = new AltShape
    {
        Scalar = ExpertExchangeKind,
        Mapping = ExpertExchangeMapping,
        DefName = "expert_exchange",
        Description = "How an attention-dp mixture of experts moves tokens to the ranks of their experts and back: a kind, or a mapping with kind and dispatch.",
    };

    // `request_path: http` is the engine's HTTP server at the measured time; `{latency: 12ms}` a path you timed yourself.
    private static readonly Shape RequestPathShape = new AltShape
    {
        Scalar = Enum("http", "in_process"),
        Mapping = Obj(R("latency", Dur(), "The whole path's time, added once to each request's first token and end: what your client measured beyond the engine's own steps.")),
        DefName = "request_path",
        Description = "How requests reach the engine and its tokens the client: http, in_process, or a mapping with the latency you measured.",
    };

    private static readonly Shape Deployment = Obj(
        R("model", Ref, "Model: a key of 'models' or of the catalog."),
        R("nodes", Ref, "Node group it runs on."),
        F("tp", Int(1, 4096), "Tensor-parallel degree.", 1L),
        F("pp", Int(1, 4096), "Pipeline-parallel degree.", 1L),
        F("pp_micro_batches", Int(1, 4096), "Micro-batches a pipelined iteration is split into (default: pp, as vLLM's virtual engines and TensorRT-LLM do; 1 runs a full bubble)."),
        F("attention", Enum("tp", "dp"), "How attention and the dense layers use the tensor group: tp splits their heads and weights; dp gives each rank its own share of the sequences with whole weights and a KV cache of its own (SGLang's DP attention, TensorRT-LLM's attention DP), for a mixture of experts whose routed experts then spread over every rank (ep = tp), tokens moved to them and back as expert_exchange says.", "tp"),
        F("ep", Int(1, 4096), "Expert-parallel degree of a mixture of experts: its routed experts spread whole over ep ranks of the tensor group, each split over tp / ep (vLLM --enable-expert-parallel, SGLang ep-size, TensorRT-LLM moe_expert_parallel_size); ep divides tp. The busiest rank sets the pace.", 1L),
        F("expert_load", ExpertLoad, "How unevenly this deployment's traffic loads the routed experts, as you measured it (for ep > 1): overrides the model's load_cv and hottest_load. cv 0 is a balanced placement (EPLB with enough redundant experts), leaving only each token's random choice."),
        F("expert_exchange", ExpertExchangeShape, "With attention dp: how tokens reach the ranks of their experts and return (kind all_gather by default)."),
        F("replicas", Int(1, 1_000_000), "Copies of the model; each uses tp x pp accelerators.", 1L),
        F("role", Enum("both", "prefill", "decode"), "Phases served: prefill and decode pools disaggregate them (Splitwise, DistServe).", "both"),
        F("max_batch", Int(1), "Most sequences in one iteration; with pipeline parallelism, in each micro-batch, as engines apply max_num_seqs / max_batch_size (a replica then holds max_batch x pp_micro_batches). With attention dp, of the whole tensor group: TensorRT-LLM applies max_batch_size and max_num_tokens to each rank, so its settings are tp times as large here. Left out, the engine's own for the execution model's stack: 2,048 for TensorRT-LLM's (its max_batch_size, on each rank under attention dp), for vLLM V1 (engine_version 0.8 or later) 1,024 on a part with 70 GiB or more other than an A100 and 256 otherwise (its max_num_seqs as vllm serve sets it), 256 for the others (vLLM V0's max_num_seqs); the run's notes say which.", 256L),
        F("max_batch_tokens", Int(1), "Most tokens in one iteration; with pipeline parallelism, in each micro-batch, and with attention dp, of the whole tensor group (as max_batch).", 8192L),
        F("kv_block_tokens", Int(1), "Tokens per KV-cache block (paged attention).", 16L),
        F("prefix_caching", Enum("on", "off"), "Whether the KV cache keeps a prompt's full blocks for later requests that share them (prefix caching: vLLM V1's and SGLang's default, and TensorRT-LLM's PyTorch backend's; vLLM V0 and TensorRT-LLM's C++ executor leave it off unless told, --enable-prefix-caching and enableBlockReuse). It acts on prompts that carry block ids: a Mooncake trace's hash_ids, or a shared_prefix pool's. off: every prompt is prefilled whole.", "on"),
        F("request_path", RequestPathShape, "How requests reach the engine and its tokens the client, a time the engine's steps do not contain and that adds to each request's first token and its end: http, the engine behind its OpenAI-compatible server and a streaming client (6.91 ms: request parsing, tokenizer, the hop to the engine process and back, detokenizer, streamed response and the client's parsing: " + EngineDefaults.HttpRequestPathSource + "); in_process, a harness in the engine's own process (MLPerf's LoadGen harness, trtllm-bench, vLLM's offline LLM class), no path; or {latency: 12ms}, a path you timed. Left out: http for the vllm, sglang and trtllm-pytorch stacks, in_process otherwise; the run's notes say which."),
        F("local_kv", Enum("whole", "window"), "How the KV cache holds a model's local-attention layers (local_attention): whole, every token of the context as in full-attention layers (what TensorRT-LLM's capacity sizing assumed: its variable-window pools were first sized 'as assuming all layers as full attention'); window, only the window, the blocks it has passed freed (vLLM's hybrid KV cache manager, SGLang's sliding-window pool): each sequence then holds its local layers' window, taken whole when it is admitted, beside the other layers' whole context.", "whole"),
        F("memory_fraction", Num(0, exclusive: true, max: 1), "Share of accelerator memory the server may use (weights + KV cache).", 0.9),
        F("kv_cache_tokens", Int(1), "Each replica's KV cache in tokens as its engine reported it at start-up (vLLM's 'GPU KV cache size: N tokens', SGLang's max_total_num_tokens; with local_kv: window, the whole-context layers' tokens; with attention dp, every rank's together), in place of the size worked out from memory_fraction, the weights and a 1.5 GB reserve per accelerator for activations and buffers. For calibrating against your own engine's log; the run's notes give both sizes. Left out: the worked-out size."),
        F("beam_prompt_reads", Enum("per_beam", "once"), "How a decode step of a beam-search request (a workload's beam_width) reads the prompt's KV its beams share: per_beam, each beam reads its whole context, as TensorRT-LLM's masked multi-head attention kernel does (one block per head and beam); once, one read for all the beams, as a cascade (shared-prefix) decode kernel does (TensorRT-LLM's TRTLLM_ENABLE_CASCADE_MMHA, FlashInfer's cascade attention).", "per_beam"),
        F("policies", Policies, "Policies for this deployment only, overriding the scenario's."),
        F("execution_model", ExecutionModel, "Predictor for this deployment only.")).Def("deployment").Doc("A model served on a node group.");

    // ---- facility ------------------------------------------------------------------------------

    private static readonly Shape Temperature = new AltShape
    {
        Scalar = Num(-60, max: 60),
        Mapping = new UnionShape("kind",
        [
            Variant("kind", "constant", "Constant temperature.", R("celsius", Num(-60, max: 60), "Temperature in °C.")),
            Variant("kind", "daily", "Sinusoidal daily cycle.",
                R("mean_c", Num(-60, max: 60), "Daily mean in °C."),
                R("amplitude_c", Num(0, max: 40), "Half the day's swing in °C."),
                F("peak_at", Dur(), "Time of day of the maximum.", "15h")),
            Variant("kind", "file", "Hourly (or finer) series from a CSV file with time in seconds and °C.",
                R("file", Str, "CSV file, relative to the scenario file."),
                F("column", Str, "Header of the temperature column; may be left out when the file has two columns.")),
        ]),
        DefName = "temperature",
        Description = "Outside (dry-bulb) temperature: a plain number of °C, or a profile.",
    };

    private static readonly Shape Electricity = new AltShape
    {
        Scalar = NonNegative,
        Mapping = new UnionShape("kind",
        [
            Variant("kind", "flat", "One price at all times.", R("usd_per_kwh", NonNegative, "Price in USD per kWh.")),
            Variant("kind", "time_of_use", "Prices by time of day.",
                R("periods", new ListShape(Obj(
                    R("start", Dur(), "Time of day the price starts (0 for midnight)."),
                    R("usd_per_kwh", NonNegative, "Price in USD per kWh."))) { MinItems = 1 },
                  "Prices in order of start; the first starts at 0 and each holds until the next.")),
        ]),
        DefName = "electricity",
        Description = "Electricity price: USD per kWh, or a time-of-use tariff.",
    };

    private static readonly Shape Facility = Obj(
        F("cooling", Obj(
            R("kind", Enum("air", "liquid", "immersion"), "air, direct-to-chip liquid, or immersion."),
            F("pue", Num(1), "PUE at full IT load in mild weather; default air 1.5 (an average enterprise air site, Uptime survey ~1.56 annual), liquid 1.035 (warm-water liquid, NREL ESIF 1.036 annual), immersion 1.03 (vendor figures); a hyperscale air site is about 1.1."),
            F("free_cooling_c", Num(-60, max: 60), "Outside temperature up to which the PUE holds; default air 20, liquid 30, immersion 35 °C."),
            F("pue_per_c", NonNegative, "PUE added per °C above free_cooling_c; default air 0.01, liquid 0.004, immersion 0.002."),
            F("fixed_overhead", Num(0, max: 1), "Share of the cooling and power overhead that stays when IT load falls.", 0.3)).Doc("Cooling and its PUE model."),
            "Cooling and its PUE model; default air."),
        F("outside_temp", Temperature, "Outside temperature; default a constant 20 °C."),
        F("power_cap", Obj(
            F("rack_kw", Kilowatts, "Power cap per rack in kW."),
            F("site_kw", Kilowatts, "Power cap of the whole site (IT load) in kW.")).Doc("Power caps."),
            "Power caps per rack and for the site."),
        F("electricity", Electricity, "Electricity price; default 0.0806 USD/kWh (EIA: US industrial average, 2023)."),
        F("costs", Obj(
            F("mode", Enum("own", "rent"), "own: capital cost over the lifetime plus energy; rent: the catalog's rent per accelerator-hour.", "own"),
            F("server_usd", NonNegative, "Price of one node without its accelerators.", 0.0),
            F("lifetime_years", Num(0, exclusive: true, max: 50), "Years over which capital cost is spread.", 4.0),
            F("opex_usd_per_year", NonNegative, "Other operating costs per year for the whole cluster (staff, space, support).", 0.0),
            F("network_usd", NonNegative, "Network capital of the whole cluster (switches, cables, optics), spread over the lifetime as the rest; own only (a rent includes it). Not given: not counted, and the run says so."),
            F("cooling_usd_per_kw", NonNegative, "Cooling and power plant capital (chillers or CDUs, UPS, switchgear) per kW of the site's nameplate IT power (every accelerator at its board limit, hosts, network and fans at their most); own only (a rent includes it). Not given: not counted, and the run says so.")).Doc("Costs. Accelerator prices come from the accelerators (override price_usd there)."),
            "Capital and operating costs.")).Def("facility").Doc("Cooling, climate, power caps, electricity and costs.");

    // ---- run -----------------------------------------------------------------------------------

    private static readonly Shape Run = Obj(
        F("duration", PositiveDur, "Simulated time to run (after warm-up)."),
        F("requests", Long(1), "Stop after this many requests have arrived."),
        F("max_in_flight", Int(1, 100_000_000), "Most text requests in the system at once (waiting and running; default 2,000,000, about 0.5 GB of state; at most 100,000,000, about 25 GB): an arrival beyond it is dropped as overloaded and the run says how many were. Raise it for an offline run that issues more requests at once."),
        F("warmup", Dur(), "Initial time whose requests are not measured.", "0s"),
        F("seed", Long(0), "Random seed: the same seed gives byte-identical results.", 1L),
        F("replications", Int(1), "Independent runs with seeds seed, seed+1, ... for confidence intervals.", 1L),
        F("outputs", new ListShape(Enum("summary", "requests", "timeseries", "report")), "Files to write.", new[] { "summary", "requests" }),
        F("out_dir", Str, "Directory for the outputs; default runs/<scenario name>.")).Def("run").Doc("How long and how often to run, and what to write.").Checked(new AtLeastOne("duration", "requests"));

    // ---- measured ------------------------------------------------------------------------------

    private static Shape MeasuredValue(bool seconds)
    {
        Shape value = seconds ? PositiveDur : Num(0, exclusive: true, max: 1e15);
        var unit = seconds ? "a duration (seconds, or a string with a unit: 453ms)" : "a positive number in the figure's unit";
        return new AltShape
        {
            Scalar = value,
            Mapping = Obj(
                R("value", value, $"The measurement: {unit}."),
                F("within", Num(0, exclusive: true, max: 10), "The criterion: the simulated figure within this fraction of the measured one (0.1 = 10 %). Without it the error is reported, not judged.")),
            DefName = seconds ? "measured_duration" : "measured_number",
            Description = $"A measured figure: {unit}, or {{value, within}} to judge the simulated one against a criterion.",
        };
    }

    private static readonly Shape MeasuredSeconds = MeasuredValue(seconds: true);

    private static readonly Shape MeasuredNumber = MeasuredValue(seconds: false);

    private static readonly string FiguresDoc = "The measured figures by name, each one the workload's kind lists (a latency family with _mean, _p50, _p90, _p95, _p99 or _p999). "
        + string.Join("; ", KindRegistry.All.Where(k => k.MeasurableFigures.Count > 0)
            .Select(k => $"{k.Name}: {string.Join(", ", MeasuredFigures.Briefly(k.MeasurableFigures.Select(f => f.Name)))}")) + ".";

    private static readonly Shape MeasuredFigureSet =
        Obj([.. MeasuredFigures.All.Select(f => F(f.Name, f.Seconds ? MeasuredSeconds : MeasuredNumber, f.Description))]).Checked(new NotEmpty("figure")).Def("measured_figures").Doc(FiguresDoc);

    private static readonly Shape Role = Enum("check", "fit");

    private static readonly Shape Measured = Obj(
        F("source", Str, "Where the figures come from (a paper, a results file, your own benchmark), for the reports."),
        F("role", Role, "check: no factor of the model was set from these figures, so how close the run comes is evidence; fit: a factor was set from them (a calibration), so it is not.", "check"),
        F("workload", Ref, "The workload the figures describe; may be left out when the scenario has only one, or only one text workload."),
        F("figures", MeasuredFigureSet, "What the system measured as the scenario is written."),
        F("rows", new ListShape(Obj(
            R("name", Str, "How the row is named in reports (\"concurrency 25\", \"2048/128\")."),
            R("set", new ListShape(Str) { MinItems = 1 }, "Overrides that make the scenario this row, each PATH=VALUE as --set takes them (workloads.chat.arrival.rate=8)."),
            F("role", Role, "check or fit, as for the section; default the section's."),
            R("figures", MeasuredFigureSet, "What the system measured at this row's settings."))) { MinItems = 1 },
            "The same system measured at other settings (a published table's other rows): each row the scenario with its overrides, and its figures. clustersim accuracy runs every row."))
        .Checked(new AtLeastOne("figures", "rows"))
        .Def("measured").Doc("What the real system measured, so that 'clustersim run' and 'clustersim accuracy' report how far the simulation is from it. Observed only: it never changes what is simulated.");

    // ---- root ----------------------------------------------------------------------------------

    public static readonly ObjectShape Root = Obj(
        F("name", Str, "Short name, used in reports; default the file name."),
        F("description", Str, "What this scenario is about."),
        R("workloads", Map(Workload, "workload", min: 1), "Traffic classes by name."),
        R("hardware", Hardware, "The machines."),
        F("models", Map(ModelEntry, "model"), "Models defined or adjusted here; catalog keys work without."),
        R("deployments", Map(Deployment, "deployment", min: 1), "Models placed on node groups, by name."),
        F("plugins", new ListShape(Str), "Assemblies (.dll) holding your own policies or execution models, relative to the scenario file; name a type by its full name (My.Namespace.MyRouter)."),
        F("policies", Policies, "Serving policies."),
        F("execution_model", ExecutionModel, "Iteration-time predictor.", "roofline"),
        F("facility", Facility, "Cooling, power and costs."),
        R("run", Run, "Run settings."),
        F("measured", Measured, "What the real system measured (published figures or your own), to compare the run with."));

    /// <summary>The shape a merged <c>from:</c> accelerator is checked against.</summary>
    public static Shape ScenarioAccelerator => AcceleratorEntry.Full;

    public static Shape ScenarioModelShape => ModelEntry.Full;
}
