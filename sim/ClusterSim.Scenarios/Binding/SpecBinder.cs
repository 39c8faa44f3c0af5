using ClusterSim.Scenarios.Kinds;
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
        foreach (var precision in Enum.GetValues<Precision>().Where(p => p.Arithmetic() == p))
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
            v.Str(node, "notes"))
        {
            MemoryPjPerBit = v.Num(node, "memory_pj_per_bit"),
            MatmulShare = v.Num(node, "matmul_share"),
            BandwidthShare = v.Num(node, "bandwidth_share"),
            MatmulShareFp8 = v.Num(node, "matmul_share_fp8"),
            MatmulShareFp4 = v.Num(node, "matmul_share_fp4"),
            AllReduce = AllReduce(v.Mapping(node, "all_reduce"), v),
            EngineAllReduce = EngineAllReduce(v.Mapping(node, "engine_all_reduce"), v),
            DecodeAttention = DecodeAttention(v.Mapping(node, "decode_attention"), v),
            LinkShare = v.Num(node, "link_share"),
            SameSiliconAs = v.Str(node, "same_silicon_as"),
        };
    }

    /// <summary>The measured all-reduce curve; the sizes must rise and pair one to one with the bandwidths.</summary>
    private static AllReduceMeasurement? AllReduce(MappingNode? node, Values v)
    {
        if (node is null || v.Int(node, "gpus") is not { } gpus
            || SizeCurve(node, "bus_gbs", "bus bandwidth", v) is not (double[] bytes, double[] bus))
        {
            return null;
        }

        return new AllReduceMeasurement(gpus, bytes, bus);
    }

    /// <summary>A timed decode attention floor: microseconds a layer, with its source.</summary>
    private static DecodeAttentionFloor? DecodeAttention(MappingNode? node, Values v)
        => node is not null && v.Num(node, "floor_us") is { } us && v.Str(node, "source") is { } source
            ? new DecodeAttentionFloor(us * 1e-6, source)
            : null;

    /// <summary>The engines' own all-reduce timings: each curve's sizes rising, one time each, one curve a group size.</summary>
    private static EngineAllReduceMeasurement? EngineAllReduce(MappingNode? node, Values v)
    {
        if (node is null || v.Str(node, "source") is not { } source || node.Get("curves") is not SequenceNode curvesNode)
        {
            return null;
        }

        var curves = new List<EngineAllReduceCurveSpec>();
        foreach (var item in curvesNode.Items)
        {
            if (item is not MappingNode curve || v.Int(curve, "gpus") is not { } gpus
                || SizeCurve(curve, "us", "time", v) is not (double[] bytes, double[] us))
            {
                return null;
            }

            if (curves.Any(c => c.Gpus == gpus))
            {
                v.Ctx.Error(curve.Get("gpus")!, v.PathOf(curve) + ".gpus", $"a second curve for {gpus} accelerators; give one curve per group size");
                return null;
            }

            curves.Add(new EngineAllReduceCurveSpec(gpus, bytes, [.. us.Select(t => t * 1e-6)]));
        }

        return new EngineAllReduceMeasurement(source, curves);
    }

    /// <summary>
    /// A curve's message sizes (<c>bytes</c>, rising) and one value each under <paramref name="valuesKey"/>; null, with the
    /// error reported at the offending item, where they do not pair or rise.
    /// </summary>
    private static (double[] Bytes, double[] Values)? SizeCurve(MappingNode node, string valuesKey, string what, Values v)
    {
        if (node.Get("bytes") is not SequenceNode bytesNode || node.Get(valuesKey) is not SequenceNode valuesNode)
        {
            return null;
        }

        static double? Number(Node n) => n is ScalarNode scalar && Durations.TryParse(scalar, out var x) ? x : null;
        var bytes = bytesNode.Items.Select(Number).ToList();
        var values = valuesNode.Items.Select(Number).ToList();
        if (bytes.Any(b => b is null) || values.Any(b => b is null))
        {
            return null;
        }

        if (bytes.Count != values.Count)
        {
            v.Ctx.Error(valuesNode, v.PathOf(node) + "." + valuesKey, $"expected one {what} per message size ({bytes.Count}), got {values.Count}");
            return null;
        }

        for (var i = 1; i < bytes.Count; i++)
        {
            if (!(bytes[i] > bytes[i - 1]))
            {
                v.Ctx.Error(bytesNode.Items[i], v.PathOf(node) + $".bytes[{i}]", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"message sizes must rise, got {bytes[i]} after {bytes[i - 1]}"));
                return null;
            }
        }

        return ([.. bytes.Select(b => b!.Value)], [.. values.Select(b => b!.Value)]);
    }

    public static LinkSpec? Link(MappingNode? node, Values v)
    {
        if (node is null || v.Str(node, "kind") is not { } kind || v.Num(node, "bidir_gbs") is not { } bandwidth)
        {
            return null;
        }

        return new LinkSpec(LinkKindOf(kind), bandwidth, v.Seconds(node, "latency"), v.Int(node, "peers"));
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

        var binding = new ModelBinding(key, node, v, name, paramsB.Value, PrecisionOf(v.Str(node, "weight_precision")),
            Confidence(v.Str(node, "confidence")), v.Str(node, "source"), v.Str(node, "notes"));
        return KindRegistry.ForModel(kind)?.BindModel(binding);
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
