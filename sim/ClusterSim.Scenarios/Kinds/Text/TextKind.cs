using ClusterSim.Scenarios.Schema;
using static ClusterSim.Scenarios.Schema.Build;

namespace ClusterSim.Scenarios.Kinds.Text;

/// <summary>Text generation with an LLM: the core kind, whose deployments may split prefill and decode.</summary>
internal sealed class TextKind : WorkloadKindDescriptor
{
    public override string Name => "text";

    public override string ModelKind => "llm";

    public override string ModelArticle => "an";

    public override bool HasPhases => true;

    private static readonly Shape Slo = Obj(
        F("ttft", PositiveDur, "Time to first token target."),
        F("tbt", PositiveDur, "Time between tokens target (each gap)."),
        F("tpot", PositiveDur, "Time per output token target (a request's mean gap)."),
        F("e2e", PositiveDur, "End-to-end latency target."),
        ScenarioSchema.Percentile()).Doc("Latency targets of a text class.");

    public override ObjectShape WorkloadVariant(Field[] common) => Variant("kind", Name, "Text generation with an LLM.",
        [.. common,
         F("prompt_tokens", ScenarioSchema.Tokens, "Prompt length in tokens; required unless the arrival is a trace."),
         F("output_tokens", ScenarioSchema.Tokens, "Output length in tokens; required unless the arrival is a trace."),
         F("slo", Slo, "Latency targets.")]);

    public override ObjectShape ModelVariant(bool catalog)
    {
        var precision = Enum(ScenarioSchema.Precisions);
        var moe = Obj(
            R("experts", Int(1), "Routed experts per MoE layer."),
            R("active_experts", Int(1), "Routed experts each token uses."),
            R("expert_ffn_size", Int(1), "FFN width of one expert."),
            F("shared_experts", Int(0), "Experts every token uses.", 0L),
            F("dense_layers", Int(0), "Leading layers with a dense FFN instead of experts.", 0L)).Doc("Mixture of experts.").Checked(new Ordered("active_experts", "experts", strict: false));
        var mla = Obj(
            R("kv_lora_rank", Int(1), "Rank of the compressed KV latent (what the KV cache stores)."),
            R("qk_rope_head_dim", Int(1), "Rotary part of each key head (also cached)."),
            F("q_lora_rank", Int(1), "Rank of the compressed query."),
            F("qk_nope_head_dim", Int(1), "Non-rotary part of each query/key head."),
            F("v_head_dim", Int(1), "Value head size.")).Doc("Multi-head latent attention (DeepSeek).");
        return Variant("kind", ModelKind, "A transformer language model.",
        [
            ScenarioSchema.ModelName(catalog), ScenarioSchema.ModelParams(),
            F("active_params_b", Billions, "Parameters used per token in billions (MoE); default params_b."),
            R("layers", Int(1), "Transformer layers."),
            R("hidden_size", Int(1), "Model width."),
            R("heads", Int(1), "Attention (query) heads."),
            R("kv_heads", Int(1), "Key/value heads (fewer than heads: grouped-query attention)."),
            R("head_dim", Int(1), "Size of one attention head."),
            R("ffn_size", Int(1), "FFN intermediate size (of the dense layers)."),
            R("vocab_size", Int(1), "Vocabulary size."),
            R("max_context", Int(1), "Longest context in tokens."),
            F("moe", moe, "Mixture of experts; absent for dense models."),
            F("mla", mla, "Multi-head latent attention; absent for standard attention."),
            ScenarioSchema.ModelWeights(),
            F("kv_precision", precision, "Precision of the KV cache.", "bf16"),
            .. ScenarioSchema.Provenance(catalog),
        ]).Checked(new Ordered("kv_heads", "heads", strict: false), new Ordered("active_params_b", "params_b", strict: false));
    }

    public override ModelSpec? BindModel(ModelBinding b)
    {
        var (v, node) = (b.V, b.Node);
        int? I(string k) => v.Int(node, k);
        if (I("layers") is not { } layers || I("hidden_size") is not { } hidden || I("heads") is not { } heads
            || I("kv_heads") is not { } kvHeads || I("head_dim") is not { } headDim || I("ffn_size") is not { } ffn
            || I("vocab_size") is not { } vocab || I("max_context") is not { } context)
        {
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

        return new LlmModelSpec(b.Key, b.Name, b.ParamsB, b.WeightPrecision, b.Confidence, b.Source, b.Notes,
            v.Num(node, "active_params_b") ?? b.ParamsB, layers, hidden, heads, kvHeads, headDim, ffn, vocab, context,
            moe, mla, Binding.SpecBinder.PrecisionOf(v.Str(node, "kv_precision")));
    }

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

        return new TextWorkloadSpec(b.Name, b.Model.Key, b.Arrival, b.Priority, b.Serving, b.Slo, prompt, output);
    }

    public override IEnumerable<(string Key, string Message)> SplitProblems(ModelSpec model, int tp, int pp)
        => model is LlmModelSpec llm ? TransformerSplit(model, llm.Heads, llm.Layers, tp, pp) : [];
}
