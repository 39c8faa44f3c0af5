using ClusterSim.Scenarios.Binding;
using ClusterSim.Scenarios.Schema;
using static ClusterSim.Scenarios.Schema.Build;

namespace ClusterSim.Scenarios.Kinds.Text;

/// <summary>Text generation with an LLM: the core kind, whose deployments may split prefill and decode.</summary>
internal sealed class TextKind : WorkloadKindDescriptor
{
    public override string Name => "text";

    public override string ModelKind => "llm";

    public override string ModelArticle => "an";

    public override IReadOnlyList<MeasuredFigureKind> MeasurableFigures => MeasuredFigures.Text;

    public override bool HasPhases => true;

    private static readonly Shape Slo = Obj(
        F("ttft", PositiveDur, "Time to first token target."),
        F("tbt", PositiveDur, "Time between tokens target (each gap)."),
        F("tpot", PositiveDur, "Time per output token target (a request's mean gap)."),
        F("e2e", PositiveDur, "End-to-end latency target."),
        ScenarioSchema.Percentile()).Doc("Latency targets of a text class.");

    // Harness- or gateway-side batching in front of the router (AMD's MLPerf server harness, KServe, Triton).
    private static readonly Shape FrontBatcher = Obj(
        R("max_size", Int(1), "Largest group: a group this size goes to its replica at once."),
        R("max_wait", Dur(), "Longest a group waits to fill."),
        F("window", Enum("first_request", "dispatch"), "What max_wait is counted from: the group's first request (KServe, Triton), or the previous group's dispatch (AMD's MLPerf v4.1 harness).", "first_request"))
        .Doc("Requests are held and handed to one replica (the router's choice for the first) as a group.");

    // A pool of prompts reused by the requests, as the shared-prefix benchmarks send them (prefix caching's workload).
    private static readonly Shape SharedPrefix = Obj(
        R("groups", Int(1), "Groups of prompts, each opening with a system prompt of its own (inference-perf's num_groups, SGLang's gsp-num-groups)."),
        F("prompts_per_group", Int(1), "Prompts in each group (num_prompts_per_group, gsp-prompts-per-group); the pool holds groups x prompts_per_group prompts.", 1L),
        F("system_tokens", Int(0), "Tokens of each group's system prompt, the prefix its prompts share (system_prompt_len, gsp-system-prompt-len); prompt_tokens is each pool prompt's whole length, system prompt included, and a prompt drawn no longer than the system prompt is lengthened to it plus one token.", 0L),
        F("order", Enum("cycle", "random"), "How requests take the pool's prompts: cycle, the pool shuffled once and taken in order, starting over after the last (inference-perf); random, one at random each.", "cycle"))
        .Doc("A fixed pool of prompts that the requests reuse, drawn once from prompt_tokens, each group's prompts sharing a system prompt; every request draws its output length anew. Each prompt's full KV blocks carry ids, so a deployment with prefix caching computes only what its cache does not hold: a repeated prompt's last block and one token at least, or a new prompt's own part after its group's system prompt.");

    public override ObjectShape WorkloadVariant(Field[] common) => Variant("kind", Name, "Text generation with an LLM.",
        [.. common,
         F("prompt_tokens", ScenarioSchema.Tokens, "Prompt length in tokens; required unless the arrival is a trace."),
         F("output_tokens", ScenarioSchema.Tokens, "Output length in tokens; required unless the arrival is a trace."),
         F("max_tokens", new NumberOrWordShape(Int(1), ["context"]), "The most output tokens each request asks for (an OpenAI client's max_tokens, the engine's max_new_tokens): a longer output stops there, and an engine that reserves KV memory when it admits a request (TensorRT-LLM's guaranteed-no-evict scheduler: preemption none; SGLang's admission: a preemption reserve) reserves for the prompt and this many tokens, since it cannot know where the output will end. 'context': the clients give none, so each request asks for the model's context less its prompt, as TensorRT-LLM's and vLLM's OpenAI servers deduce. Absent: each request asks for its own output length, as benchmark clients (trtllm-bench, vLLM's and SGLang's benchmark scripts) set it; the run says so where admission reserves."),
         F("beam_width", Int(1, 64), "Beam search: each request decodes this many beams and returns the best (MLPerf's GPT-J benchmark runs 4). Each step computes a token for every beam; the beams share their prompt's KV cache but its last block, which each beam copies (TensorRT-LLM's KV cache manager), and each beam's own tokens take blocks of their own; max_batch counts requests (TensorRT-LLM's max_batch_size beside max_beam_width). The output length is the returned beam's.", 1L),
         F("slo", Slo, "Latency targets."),
         F("front_batcher", FrontBatcher, "Group requests before routing, as a serving harness or gateway does; absent: each is routed on arrival."),
         F("shared_prefix", SharedPrefix, "Prompts from a fixed pool the requests reuse, groups of them sharing a system prompt (inference-perf's shared_prefix data, SGLang's generated-shared-prefix benchmark); absent: every prompt is new. Not with a trace arrival.")]);

    public override ObjectShape ModelVariant(bool catalog)
    {
        var precision = Enum(ScenarioSchema.Precisions);
        var moe = Obj(
            R("experts", Int(1), "Routed experts per MoE layer."),
            R("active_experts", Int(1), "Routed experts each token uses."),
            R("expert_ffn_size", Int(1), "FFN width of one expert."),
            F("shared_experts", Int(0), "Experts every token uses.", 0L),
            F("dense_layers", Int(0), "Leading layers with a dense FFN instead of experts.", 0L),
            F("load_cv", Num(0), "Measured router skew: standard deviation over mean of the routed experts' token counts within a MoE layer in one iteration, averaged over layers (TensorRT-LLM's report_load_statistics.py, by expert). Absent: not measured, experts taken as equally popular (the least imbalance) and the run says so."),
            F("hottest_load", Num(1), "Measured hottest expert's token count over the mean, the same way (1 + TensorRT-LLM's imbalance ratio by expert); needs load_cv.")).Doc("Mixture of experts.").Checked(new Ordered("active_experts", "experts", strict: false));
        var mla = Obj(
            R("kv_lora_rank", Int(1), "Rank of the compressed KV latent (what the KV cache stores)."),
            R("qk_rope_head_dim", Int(1), "Rotary part of each key head (also cached)."),
            F("q_lora_rank", Int(1), "Rank of the compressed query."),
            F("qk_nope_head_dim", Int(1), "Non-rotary part of each query/key head."),
            F("v_head_dim", Int(1), "Value head size.")).Doc("Multi-head latent attention (DeepSeek).");
        var local = Obj(
            R("kind", Enum("sliding", "chunked"), "sliding: each token attends to the last `window` tokens (Mistral 7B's sliding_window, GPT-OSS's sliding_attention layers, Gemma's local layers); chunked: to the tokens of its own chunk of `window` (Llama 4's attention_chunk_size)."),
            R("window", Int(1), "The span in tokens."),
            F("layers", Int(1), "How many layers attend locally (GPT-OSS: half, Llama 4: three in four); default all.")).Doc("Local attention: attention and KV reads are priced over the tokens each layer attends.");
        var mixed = Obj(
            R("precision", precision, "The second precision (bf16 beside fp8 layers, fp8 beside fp4 ones)."),
            F("share", Num(0, exclusive: true, max: 1), "Share of the layer weights kept at it."),
            F("effective_bits", Positive, "Or the checkpoint's average bits per layer weight (AutoQuantize's budget, each format at its element width: 16 bf16, 8 fp8, 4 fp4), from which the share follows."),
            F("part", Enum("spread", "dense"), "spread: the share is spread evenly over every GEMM (which layers is not published: AutoQuantize); dense: the second precision holds exactly the layers outside the routed experts (attention, router, dense FFNs, shared experts), as checkpoints that quantise only the experts publish it (gpt-oss's MXFP4 experts beside BF16 attention, NVIDIA's DeepSeek-R1 NVFP4), and the share follows from the architecture.", "spread"))
            .Doc("A checkpoint with a share of its layer weights at a second precision: spread evenly over the GEMMs (NVIDIA ModelOpt AutoQuantize), or exactly the layers outside a mixture of experts' routed experts (part: dense).")
            .Checked(new NotBoth("share", "effective_bits"));
        return Variant("kind", ModelKind, "A transformer language model.",
        [
            ScenarioSchema.ModelName(catalog), ScenarioSchema.ModelParams(),
            F("active_params_b", Billions, "Parameters used per token in billions (MoE); default params_b."),
            R("layers", Int(1), "Transformer layers."),
            R("hidden_size", Int(1), "Model width."),
            R("heads", Int(1), "Attention (query) heads."),
            R("kv_heads", Int(1), "Key/value heads (fewer than heads: grouped-query attention)."),
            F("head_dim", Int(1), "Size of one attention head; default hidden_size / heads (which must then divide evenly)."),
            R("ffn_size", Int(1), "FFN intermediate size (of the dense layers)."),
            F("ffn_gating", Enum("gated", "plain"), "gated: gate, up and down projections (SwiGLU, Llama, Mixtral, DeepSeek); plain: up and down only (GPT-2, OPT, Falcon). Used to derive the parameter count.", "gated"),
            F("embeddings", Enum("untied", "tied"), "tied: the output projection shares the embedding matrix (Llama 3.2 1B/3B, Gemma). Used to derive the parameter count.", "untied"),
            F("local_attention", local, "Layers that attend within a sliding window or a chunk rather than over the whole context; absent: every layer attends over all of it."),
            R("vocab_size", Int(1), "Vocabulary size."),
            R("max_context", Int(1), "Longest context in tokens."),
            F("moe", moe, "Mixture of experts; absent for dense models."),
            F("mla", mla, "Multi-head latent attention; absent for standard attention."),
            ScenarioSchema.ModelWeights(),
            F("mixed_weights", mixed, "A share of the layer weights at a second precision; absent: all at weight_precision."),
            F("kv_precision", precision, "Precision of the KV cache.", "bf16"),
            F("compute_precision", precision, "Format the GEMMs multiply in, where the kernels differ from the weights' (fp8 for MXFP4 weights with MXFP8 activations on Blackwell). Absent: the weights' format, or the activations' for weight-only formats (int4; fp4 on a part without fp4 arithmetic)."),
            .. ScenarioSchema.Provenance(catalog),
        ]).Checked(new Ordered("kv_heads", "heads", strict: false), new Ordered("active_params_b", "params_b", strict: false));
    }

    /// <summary>
    /// How far an explicit params_b or active_params_b may be from the count the architecture gives before the
    /// model is refused: published counts are rounded ("70B" for 68.98 B) and biases are not derived, but a
    /// figure further off means the fields describe a different model, whose weights and FLOPs would be wrong.
    /// </summary>
    public const double ParamsTolerance = 0.03;

    public override ModelSpec? BindModel(ModelBinding b)
    {
        var (v, node) = (b.V, b.Node);
        int? I(string k) => v.Int(node, k);
        if (I("layers") is not { } layers || I("hidden_size") is not { } hidden || I("heads") is not { } heads
            || I("kv_heads") is not { } kvHeads || I("ffn_size") is not { } ffn
            || I("vocab_size") is not { } vocab || I("max_context") is not { } context)
        {
            return null;
        }

        int headDim;
        if (v.Has(node, "head_dim"))
        {
            if (I("head_dim") is not { } given)
            {
                return null;
            }

            headDim = given;
        }
        else if (hidden % heads != 0)
        {
            v.Error(node.Get("hidden_size")!, $"head_dim is not given and hidden_size {hidden} is not a multiple of heads {heads}, so it cannot be derived as hidden_size / heads; give head_dim");
            return null;
        }
        else
        {
            headDim = hidden / heads;
        }

        // Grouped-query attention shares each key/value head among an equal group of query heads.
        if (heads % kvHeads != 0)
        {
            v.Error(node.Get("kv_heads")!, $"kv_heads {kvHeads} does not divide heads {heads}: grouped-query attention gives each key/value head an equal group of query heads");
            return null;
        }

        MoeSpec? moe = null;
        if (v.Mapping(node, "moe") is { } m)
        {
            if (v.Int(m, "experts") is not { } experts || v.Int(m, "active_experts") is not { } active || v.Int(m, "expert_ffn_size") is not { } expertFfn)
            {
                return null;
            }

            moe = new MoeSpec(experts, active, expertFfn, v.Int(m, "shared_experts") ?? 0, v.Int(m, "dense_layers") ?? 0);
            if (v.Has(m, "load_cv") || v.Has(m, "hottest_load"))
            {
                if (ExpertLoadFields.Read(v, m, "load_cv", "hottest_load", experts, active) is not { } load)
                {
                    return null;
                }

                moe = moe with { LoadCv = load.Cv, HottestLoad = load.Hottest };
            }
            if (moe.DenseLayers >= layers)
            {
                v.Error(m.Get("dense_layers")!, $"dense_layers {moe.DenseLayers} leaves no MoE layer of the {layers} layers; drop moe for a dense model");
                return null;
            }
        }

        MlaSpec? mla = null;
        if (v.Mapping(node, "mla") is { } a)
        {
            if (v.Int(a, "kv_lora_rank") is not { } rank || v.Int(a, "qk_rope_head_dim") is not { } rope)
            {
                return null;
            }

            mla = new MlaSpec(rank, rope, v.Int(a, "q_lora_rank"), v.Int(a, "qk_nope_head_dim"), v.Int(a, "v_head_dim"));
        }

        LocalAttentionSpec? local = null;
        if (v.Mapping(node, "local_attention") is { } la)
        {
            if (v.Str(la, "kind") is not { } kind || v.Int(la, "window") is not { } window)
            {
                return null;
            }

            var localLayers = v.Int(la, "layers") ?? layers;
            if (localLayers > layers)
            {
                v.Error(la.Get("layers")!, $"layers {localLayers} is more than the model's {layers}");
                return null;
            }

            local = new LocalAttentionSpec(kind, window, localLayers);
        }

        MixedWeights? mixedWeights = null;
        if (v.Mapping(node, "mixed_weights") is { } mw)
        {
            if (BindMixed(v, mw, b.WeightPrecision) is not { } bound)
            {
                return null;
            }

            mixedWeights = bound;
        }

        var spec = new LlmModelSpec(b.Key, b.Name, b.ParamsB, b.WeightPrecision, b.Confidence, b.Source, b.Notes,
            v.Num(node, "active_params_b") ?? b.ParamsB, layers, hidden, heads, kvHeads, headDim, ffn, vocab, context,
            moe, mla, Binding.SpecBinder.PrecisionOf(v.Str(node, "kv_precision")))
        {
            GatedFfn = v.Str(node, "ffn_gating") != "plain",
            TiedEmbeddings = v.Str(node, "embeddings") == "tied",
            LocalAttention = local,
            Mixed = mixedWeights,
            ComputePrecision = v.Has(node, "compute_precision") ? Binding.SpecBinder.PrecisionOf(v.Str(node, "compute_precision")) : null,
        };
        if (mixedWeights is { DenseOnly: true })
        {
            if (spec.Moe is null)
            {
                v.Error(v.Mapping(node, "mixed_weights")!.Get("part")!, $"part: dense needs a mixture of experts (moe): every layer of a dense model is outside the experts, so give weight_precision: {mixedWeights.Precision.Key()} instead");
                return null;
            }

            var layerParameters = (spec.ParamsB * 1e9) - spec.VocabTableParameters;
            spec = spec with { Mixed = mixedWeights with { Share = (layerParameters - spec.RoutedExpertParameters) / layerParameters } };
        }

        var consistent = CheckCount(v, node, "params_b", spec.ParamsB, spec.DerivedParamsB, "");
        if (v.Has(node, "active_params_b"))
        {
            consistent &= CheckCount(v, node, "active_params_b", spec.ActiveParamsB, spec.DerivedActiveParamsB, " per token");
        }

        return consistent ? spec : null;
    }

    /// <summary>
    /// The second precision and its share: given, or from the effective bits between the two formats' element widths.
    /// A second precision equal to the weights', or bits outside the two widths, describe no mix and are refused.
    /// </summary>
    private static MixedWeights? BindMixed(Binding.Values v, Yaml.MappingNode m, Precision weights)
    {
        var second = Binding.SpecBinder.PrecisionOf(v.Str(m, "precision"));
        if (second == weights)
        {
            v.Error(m.Get("precision")!, $"the second precision is the weights' own {weights.Key()}: give a wider or narrower one, or drop mixed_weights");
            return null;
        }

        if (v.Str(m, "part") == "dense")
        {
            // The share is the architecture's (set once the model is built); a figure beside it would contradict it.
            foreach (var key in new[] { "share", "effective_bits" })
            {
                if (m.Get(key) is { } given)
                {
                    v.Error(given, $"part: dense takes its share from the architecture (the layers outside the routed experts): drop {key}");
                    return null;
                }
            }

            return new MixedWeights(second, double.NaN, DenseOnly: true);
        }

        if (!v.Has(m, "share") && !v.Has(m, "effective_bits"))
        {
            v.Error(m, "needs one of 'share' or 'effective_bits' (or part: dense, for the layers outside the routed experts)");
            return null;
        }

        if (v.Num(m, "share") is { } share)
        {
            if (share >= 1)
            {
                v.Error(m.Get("share")!, $"a share of 1 puts every layer weight at {second.Key()}: set weight_precision: {second.Key()} instead");
                return null;
            }

            return new MixedWeights(second, share);
        }

        if (v.Num(m, "effective_bits") is not { } bits)
        {
            return null;
        }

        var (low, high) = (Math.Min(MixedWeights.Bits(weights), MixedWeights.Bits(second)), Math.Max(MixedWeights.Bits(weights), MixedWeights.Bits(second)));
        if (bits <= low || bits >= high)
        {
            v.Error(m.Get("effective_bits")!, $"effective_bits {bits.ToString(System.Globalization.CultureInfo.InvariantCulture)} must lie strictly between " +
                $"the {weights.Key()} weights' {MixedWeights.Bits(weights):0} bits and the {second.Key()} share's {MixedWeights.Bits(second):0}");
            return null;
        }

        return new MixedWeights(second, MixedWeights.ShareFor(bits, weights, second));
    }

    /// <summary>
    /// An explicit count against the derived one. The error points at the figure when it was written where the model is
    /// (so a catalog entry's own params_b), else at the model: a scenario that overrides a catalog model's layers
    /// makes the catalog's params_b wrong, and the override is what the user must look at.
    /// </summary>
    private static bool CheckCount(Binding.Values v, Yaml.MappingNode node, string key, double given, double derived, string what)
    {
        var off = Math.Abs(given - derived) / derived;
        if (off <= ParamsTolerance)
        {
            return true;
        }

        var at = node.Get(key) is { } figure && figure.Source == node.Source ? figure : (Yaml.Node)node;
        v.Error(at, $"{key} {Fmt(given)} is {off * 100:0.#} % off the {Fmt(derived)} B{what} that the architecture gives "
            + $"(layers, hidden_size, heads, kv_heads, head_dim, ffn_size, vocab_size, moe, mla, ffn_gating, embeddings); "
            + $"more than {ParamsTolerance * 100:0} % means the fields describe a different model: correct {key} or the architecture");
        return false;
    }

    private static string Fmt(double billions) => billions.ToString(billions >= 100 ? "0.#" : billions >= 1 ? "0.##" : "0.####", System.Globalization.CultureInfo.InvariantCulture);

    public override WorkloadSpec? BindWorkload(WorkloadBinding b)
    {
        var (v, m) = (b.V, b.Node);
        DistributionSpec? prompt = null, output = null;
        if (b.Arrival is TraceArrival)
        {
            foreach (var key in new[] { "prompt_tokens", "output_tokens" })
            {
                if (m.Find(key) is { } given)
                {
                    v.Ctx.Error(given.Key, v.PathOf(m), $"'{key}' cannot be used with a trace arrival: the trace gives each request's size");
                }
            }
        }
        else
        {
            foreach (var key in new[] { "prompt_tokens", "output_tokens" })
            {
                if (!v.Has(m, key))
                {
                    v.Ctx.ErrorAtOwner(m, v.PathOf(m), $"missing required key '{key}' (needed unless the arrival is a trace)");
                }
            }

            prompt = b.Distribution(v.Node(m, "prompt_tokens"));
            output = b.Distribution(v.Node(m, "output_tokens"));
            if (prompt is null || output is null)
            {
                return null;
            }
        }

        FrontBatcherSpec? batcher = null;
        if (v.Mapping(m, "front_batcher") is { } fb)
        {
            if (v.Int(fb, "max_size") is not { } size || v.Seconds(fb, "max_wait") is not { } wait)
            {
                return null;
            }

            batcher = new FrontBatcherSpec(size, wait, v.Str(fb, "window") == "dispatch");
        }

        SharedPrefixSpec? shared = null;
        if (v.Mapping(m, "shared_prefix") is { } sp)
        {
            if (b.Arrival is TraceArrival)
            {
                v.Ctx.Error(m.Find("shared_prefix")!.Key, v.PathOf(m), "'shared_prefix' cannot be used with a trace arrival: the trace gives each request's prompt");
                return null;
            }

            if (v.Int(sp, "groups") is not { } groups || v.Int(sp, "prompts_per_group") is not { } perGroup || v.Int(sp, "system_tokens") is not { } system)
            {
                return null;
            }

            if ((long)groups * perGroup > 10_000_000)
            {
                v.Error(sp.Get("groups")!, $"groups x prompts_per_group is {(long)groups * perGroup:N0} prompts; a pool holds at most 10,000,000");
                return null;
            }

            shared = new SharedPrefixSpec(groups, perGroup, system, v.Str(sp, "order") == "random");
        }

        // max_tokens is a number, or 'context' for a client that gives none (the shape has checked which).
        var fromContext = v.Node(m, "max_tokens") is Yaml.ScalarNode { Value: "context" };
        return new TextWorkloadSpec(b.Name, b.Model.Key, b.Arrival, b.Priority, b.Serving, b.Slo, prompt, output)
        {
            FrontBatcher = batcher,
            MaxTokens = fromContext ? null : v.Int(m, "max_tokens"),
            MaxTokensFromContext = fromContext,
            BeamWidth = v.Int(m, "beam_width") ?? 1,
            SharedPrefix = shared,
        };
    }

    public override IEnumerable<(string Key, string Message)> SplitProblems(ModelSpec model, int tp, int pp)
        => model is LlmModelSpec llm ? TransformerSplit(model, llm.Heads, llm.Layers, tp, pp).Concat(KvSplit(llm, tp)) : [];

    /// <summary>
    /// Tensor parallelism over grouped-query attention: each accelerator holds whole key/value heads (kv_heads % tp == 0),
    /// or, with more accelerators than key/value heads, each head is replicated on an equal group of them
    /// (tp % kv_heads == 0), as vLLM and TensorRT-LLM do; anything else splits a head.
    /// </summary>
    private static IEnumerable<(string Key, string Message)> KvSplit(LlmModelSpec llm, int tp)
    {
        // A degree that already splits the query heads has been reported; one message per mistake.
        if (llm.Mla is null && llm.Heads % tp == 0 && llm.KvHeads % tp != 0 && tp % llm.KvHeads != 0)
        {
            yield return ("tp", $"tp {tp} and the {llm.KvHeads} key/value heads of '{llm.Key}' do not divide one another: each accelerator "
                + "must hold whole key/value heads (kv_heads a multiple of tp) or replicate one (tp a multiple of kv_heads)");
        }
    }
}
