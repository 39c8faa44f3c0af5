using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Binding;

/// <summary>Builds accelerator and model records from checked mappings: shared by the catalog and scenarios.</summary>
internal static class SpecBinder
{
    public static AcceleratorSpec? Accelerator(string key, MappingNode node, Values v)
    {
        var hbm = v.Num(node, "hbm_gb");
        var bandwidth = v.Num(node, "hbm_bandwidth_gbs");
        var tdp = v.Num(node, "tdp_w");
        var tflopsNode = v.Mapping(node, "tflops");
        if (hbm is null || bandwidth is null || tdp is null || tflopsNode is null)
        {
            return null;
        }

        var tflops = new Dictionary<Precision, double>();
        foreach (var precision in Enum.GetValues<Precision>())
        {
            if (v.Num(tflopsNode, precision.Key()) is { } t)
            {
                tflops[precision] = t;
            }
        }

        return new AcceleratorSpec(
            key,
            v.Str(node, "name") ?? key,
            v.Str(node, "vendor"),
            hbm.Value,
            bandwidth.Value,
            tflops,
            tdp.Value,
            v.Num(node, "idle_w"),
            Link(v.Mapping(node, "scale_up"), v),
            Link(v.Mapping(node, "host_link"), v),
            v.Num(node, "price_usd"),
            v.Num(node, "rent_usd_per_hour"),
            Confidence(v.Str(node, "confidence")),
            v.Str(node, "source"),
            v.Str(node, "notes"));
    }

    public static LinkSpec? Link(MappingNode? node, Values v)
    {
        if (node is null || v.Str(node, "kind") is not { } kind || v.Num(node, "bidir_gbs") is not { } bandwidth)
        {
            return null;
        }

        return new LinkSpec(LinkKindOf(kind), bandwidth, v.Seconds(node, "latency"));
    }

    public static LinkKind LinkKindOf(string key) => Enum.Parse<LinkKind>(key.Replace("_", ""), ignoreCase: true);

    public static Confidence Confidence(string? key) => key switch
    {
        "high" => Scenarios.Confidence.High,
        "medium" => Scenarios.Confidence.Medium,
        "low" => Scenarios.Confidence.Low,
        _ => Scenarios.Confidence.Unstated,
    };

    public static Precision PrecisionOf(string? key) => key is not null && PrecisionInfo.TryParse(key, out var p) ? p : Precision.Bf16;

    public static ModelSpec? Model(string key, MappingNode node, Values v)
    {
        var kind = v.Str(node, "kind");
        var name = v.Str(node, "name") ?? key;
        var paramsB = v.Num(node, "params_b");
        if (paramsB is null)
        {
            return null;
        }

        var weights = PrecisionOf(v.Str(node, "weight_precision"));
        var confidence = Confidence(v.Str(node, "confidence"));
        var source = v.Str(node, "source");
        var notes = v.Str(node, "notes");
        switch (kind)
        {
            case "llm":
            {
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

                return new LlmModelSpec(key, name, paramsB.Value, weights, confidence, source, notes,
                    v.Num(node, "active_params_b") ?? paramsB.Value, layers, hidden, heads, kvHeads, headDim, ffn, vocab, context,
                    moe, mla, PrecisionOf(v.Str(node, "kv_precision")));
            }

            case "video":
            {
                int? I(string k) => v.Int(node, k);
                if (I("layers") is not { } layers || I("hidden_size") is not { } hidden || I("heads") is not { } heads
                    || I("ffn_size") is not { } ffn || v.Ints(node, "patch") is not { Count: 3 } patch
                    || v.Ints(node, "vae_compression") is not { Count: 3 } vae || I("latent_channels") is not { } channels
                    || I("default_steps") is not { } steps || v.Resolution(node, "default_resolution") is not { } resolution
                    || v.Num(node, "default_fps") is not { } fps)
                {
                    return null;
                }

                return new VideoModelSpec(key, name, paramsB.Value, weights, confidence, source, notes,
                    layers, hidden, heads, ffn, patch, vae, channels,
                    v.Num(node, "text_encoder_params_b") ?? 0, v.Num(node, "vae_decode_gflops_per_frame") ?? 0,
                    steps, resolution, fps, v.Int(node, "default_frames"), v.Int(node, "guidance_passes") ?? 1, v.Int(node, "text_len") ?? 0);
            }

            case "avatar":
            {
                if (v.Num(node, "gflops_per_frame") is not { } gflops || v.Resolution(node, "resolution") is not { } resolution
                    || v.Num(node, "default_fps") is not { } fps)
                {
                    return null;
                }

                return new AvatarModelSpec(key, name, paramsB.Value, weights, confidence, source, notes, gflops, resolution, fps);
            }

            default:
                return null;
        }
    }

    /// <summary>
    /// A catalog entry with a scenario's overrides on top: nested mappings merge key by key (so
    /// <c>tflops: {fp8: 1500}</c> changes one figure), anything else replaces. The result carries the
    /// override's location, and each value keeps its own, so errors point at what the user wrote.
    /// </summary>
    public static MappingNode Merge(MappingNode baseNode, MappingNode overrides) => Merge(baseNode, overrides, top: true);

    /// <param name="top">
    /// Only the entry itself names its base with <c>from</c>; a nested <c>from</c> (inside tflops, say) is kept,
    /// so the full shape reports it as an unknown key instead of the merge silently dropping it.
    /// </param>
    private static MappingNode Merge(MappingNode baseNode, MappingNode overrides, bool top)
    {
        var merged = new MappingNode(overrides.Source, overrides.Line, overrides.Column) { OwnerKey = overrides.OwnerKey };
        foreach (var entry in baseNode.Entries)
        {
            var over = overrides.Find(entry.Key.Value);
            if (over is null)
            {
                merged.Entries.Add(new MappingEntry(entry.Key, entry.Value));
            }
            else if (entry.Value is MappingNode inner && over.Value is MappingNode innerOver)
            {
                merged.Entries.Add(new MappingEntry(over.Key, Merge(inner, innerOver, top: false)));
            }
            else
            {
                merged.Entries.Add(new MappingEntry(over.Key, over.Value));
            }
        }

        foreach (var entry in overrides.Entries)
        {
            if (!(top && entry.Key.Value == "from") && baseNode.Find(entry.Key.Value) is null)
            {
                merged.Entries.Add(new MappingEntry(entry.Key, entry.Value));
            }
        }

        return merged;
    }
}
