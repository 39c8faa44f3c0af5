using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterSim.Analysis.Metrics;
using ClusterSim.Model.Facility;

namespace ClusterSim.Analysis.Summaries;

/// <summary>
/// The JSON Schema (draft 2020-12) of summary.json, generated from what writes it: class rows and
/// the utilization section from <see cref="MetricRegistry"/>, the energy and cost sections from the
/// records they are serialized from, the fixed sections (replicas, autoscaling, execution models,
/// notes, engine) as <see cref="SummaryJson"/> writes them, and the sections of other workload kinds
/// generically (a class per key, numbers, flags and nested groups). Every fixed object forbids
/// other keys, so a key written without a registry or schema entry fails validation.
/// </summary>
public static class SummarySchema
{
    private const string Number = "number";
    private const string Integer = "integer";

    public static string Generate()
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "ClusterSim summary.json",
            ["description"] = "The machine-readable result of one run (clustersim run). A figure with no data (nothing measured) is null, never zero.",
            ["type"] = "object",
            ["required"] = Names("schema_version", "scenario", "seed", "simulated_seconds", "measured_seconds", "classes", "overall", "utilization", "replicas", "execution_models", "notes", "engine"),
            ["properties"] = new JsonObject
            {
                ["schema_version"] = new JsonObject { ["const"] = SummaryJson.SchemaVersion, ["description"] = "Layout version of this file." },
                ["scenario"] = Typed("string", "Scenario name."),
                ["seed"] = Typed(Integer, "Random seed of the run."),
                ["simulated_seconds"] = Typed(Number, "Simulated time, warm-up and drain included."),
                ["measured_seconds"] = Typed(Number, "The measured window that rates are taken over: end of warm-up to the end of arrivals, or to the last completion for a run that stops on a request count or a trace's end."),
                ["classes"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "Text classes by name.",
                    ["additionalProperties"] = Ref("text_class"),
                },
                ["overall"] = Ref("text_class"),
                ["utilization"] = Section(MetricRegistry.SummaryUtilization, "The text cluster as a whole."),
                ["replicas"] = ArrayOf(Replica()),
                ["energy"] = FromRecord(typeof(EnergySummary), "Energy over the run (runs with a facility).", ("throttled_node_seconds", Typed(Number, "throttled_node_hours in seconds"))),
                ["cost"] = FromRecord(typeof(CostSummary), "Cost over the run (runs with a facility)."),
                ["autoscaling"] = ArrayOf(Autoscaling()),
                ["execution_models"] = ArrayOf(ExecutionModel()),
                ["notes"] = new JsonObject { ["type"] = "array", ["items"] = Typed("string", null) },
                ["measured"] = Measured(),
                ["engine"] = Closed(
                    new JsonObject
                    {
                        ["events"] = Typed(Integer, "Simulation events processed."),
                        ["wall_seconds"] = Typed(Number, "Wall-clock time of the run (left out of --stable summaries)."),
                        ["events_per_second"] = Typed(Number, "Events over wall-clock seconds (left out of --stable summaries)."),
                    },
                    Names("events")),
            },
            ["additionalProperties"] = Ref("kind_section"),
            ["$defs"] = new JsonObject
            {
                ["latency"] = Latency(),
                ["text_class"] = TextClass(),
                ["kind_section"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "Another workload kind (video, avatar, image, ...): its classes by name, each with the figures the kind reports.",
                    ["additionalProperties"] = Ref("kind_group"),
                },
                ["kind_group"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "Figures of a kind's class: counts, numbers (null: no data), flags, and groups of them (latencies, SLO targets).",
                    ["additionalProperties"] = new JsonObject
                    {
                        ["anyOf"] = new JsonArray(Typed(new[] { Number, "boolean", "null" }, null), Ref("kind_group")),
                    },
                },
            },
        };

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>The scenario's measured figures beside the run's (runs of a scenario with a measured section).</summary>
    private static JsonObject Measured()
    {
        var figure = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["name"] = Typed("string", "The figure (a latency such as ttft_p99, a rate, an operating-point figure, it_power_kw or capacity_rps)."),
                ["unit"] = Typed("string", "s, requests/s, tokens/s, sequences or kW."),
                ["measured"] = Typed(Number, "What the real system measured."),
                ["simulated"] = Typed(new[] { Number, "null" }, "What this run gives; null where it gives nothing (see note)."),
                ["error"] = Typed(new[] { Number, "null" }, "simulated / measured - 1; null without a simulated figure."),
                ["within"] = Typed(Number, "The criterion, a fraction of the measured figure (written only when the scenario gives one)."),
                ["met"] = Typed("boolean", "Whether the error is within the criterion (written with one, unless the figure was not run)."),
                ["note"] = Typed("string", "Why the simulated figure is missing or qualified (a capacity is searched: clustersim accuracy)."),
            },
            ["required"] = Names("name", "unit", "measured", "simulated", "error"),
            ["additionalProperties"] = false,
        };
        var properties = new JsonObject
        {
            ["source"] = Typed("string", "Where the figures come from, as the scenario says."),
            ["role"] = new JsonObject { ["enum"] = Names("check", "fit"), ["description"] = "check: no factor was set from the figures; fit: one was (no evidence)." },
            ["workload"] = Typed("string", "The workload the figures describe (any kind)."),
            ["figures"] = ArrayOf(figure),
        };
        var section = Closed(properties, Names("role", "workload", "figures"));
        section["description"] = "What the real system measured (the scenario's measured section), beside this run's figures. Written only when the scenario has one.";
        return section;
    }

    /// <summary>A text class row: every registry metric summary.json writes, in order, none other.</summary>
    private static JsonObject TextClass()
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var m in MetricRegistry.SummaryClass)
        {
            properties[m.SummaryKey] = Describe(m);
            if (!m.IsConditional)
            {
                required.Add(m.SummaryKey);
            }
        }

        var schema = Closed(properties, required);
        schema["description"] = "One text class (or every class together, in overall).";
        return schema;
    }

    private static JsonObject Section(IEnumerable<Metric> metrics, string description)
    {
        var list = metrics.ToList();
        var properties = new JsonObject();
        foreach (var m in list)
        {
            properties[m.SummaryKey] = Describe(m);
        }

        var schema = Closed(properties, Names([.. list.Select(m => m.SummaryKey)]));
        schema["description"] = description;
        return schema;
    }

    private static JsonNode Describe(Metric m)
    {
        var text = string.IsNullOrEmpty(m.Unit) || m.Type == MetricType.Latency ? m.Description : $"{m.Description} ({m.Unit})";
        if (m.NoData is { } none)
        {
            text += $"; null: {none}";
        }

        JsonObject schema = m.Type switch
        {
            MetricType.Count => Typed(Integer, text),
            MetricType.Number => m.NoData is null ? Typed(Number, text) : Typed(new[] { Number, "null" }, text),
            MetricType.Flag => Typed("boolean", text),
            MetricType.Latency => new JsonObject { ["$ref"] = "#/$defs/latency", ["description"] = text },
            MetricType.Targets => Targets(text),
            _ => throw new InvalidOperationException($"metric '{m.Name}': no schema for a {m.Type}"),
        };
        if (m.IsConditional)
        {
            schema["description"] = $"{text} ({m.Condition})";
        }

        return schema;
    }

    private static JsonObject Targets(string description)
    {
        var properties = new JsonObject();
        foreach (var (key, _) in MetricRegistry.TargetFields)
        {
            properties[key] = Typed(new[] { Number, "null" }, "target in seconds; null: not set");
        }

        properties["percentile"] = Typed(Number, "the percentile the targets are promised at");
        var schema = Closed(properties, Names([.. MetricRegistry.TargetFields.Select(f => f.Key), "percentile"]));
        schema["description"] = description;
        return schema;
    }

    private static JsonObject Latency()
    {
        var properties = new JsonObject();
        foreach (var stat in LatencyStat.All)
        {
            properties[stat.Key] = Typed(new[] { Number, "null" }, $"{stat.Description}, seconds; null: nothing measured");
        }

        var schema = Closed(properties, Names([.. LatencyStat.All.Select(s => s.Key)]));
        schema["description"] = "A latency family in seconds; every statistic is null when nothing was measured.";
        return schema;
    }

    private static JsonObject Replica()
    {
        var properties = new JsonObject
        {
            ["index"] = Typed(Integer, null),
            ["pool"] = Typed("string", null),
            ["role"] = Typed("string", null),
            ["accelerators"] = Typed(Integer, null),
            ["utilization"] = Typed(Number, "busy share over the run"),
            ["mean_batch_size"] = Typed(Number, null),
            ["max_batch_size"] = Typed(Integer, null),
            ["mean_running"] = Typed(Number, "time-weighted mean of the sequences admitted and not finished, in the iteration or not (Little's law's count of requests being served)"),
            ["mean_kv_occupancy"] = Typed(Number, null),
            ["mean_queue_length"] = Typed(Number, null),
            ["iterations"] = Typed(Integer, null),
            ["preemptions"] = Typed(Integer, null),
            ["prefix_hit_rate"] = Typed(Number, null),
        };
        return Closed(properties, Names([.. properties.Select(p => p.Key)]));
    }

    /// <summary>A deployment's predictor and provenance, and (where its execution model has parts) where its busy time went.</summary>
    private static JsonObject ExecutionModel()
    {
        var properties = Strings("deployment", "predictor", "accelerator", "stack", "entry", "fitted_on", "derivation");
        var shares = new JsonObject();
        foreach (var name in Model.Performance.StepBreakdown.PartNames.Append(Model.Serving.Replica.KvSwapPart))
        {
            shares[name] = Typed(Number, null);
        }

        var busy = Closed(new JsonObject
        {
            ["replica_seconds"] = Typed(Number, "busy time of the deployment's replicas, summed (finished iterations)"),
            ["basis"] = Typed("string", "how the time is split into parts"),
            ["shares"] = Closed(shares),
        });
        busy["description"] = "Where the deployment's busy time went, each part's share (adding up to 1); absent where its execution model has no parts.";
        properties["busy_time"] = busy;
        properties["validation"] = Validation();
        return Closed(properties, Names("deployment", "predictor", "accelerator", "stack", "entry", "fitted_on", "derivation", "validation"));
    }

    /// <summary>How the deployment's kind read against published measurements: the validation record's groups it falls in.</summary>
    private static JsonObject Validation()
    {
        var family = Closed(new JsonObject
        {
            ["figures"] = Typed(Integer, "checked figures of the family"),
            ["median_error"] = Typed(Number, "median of their signed errors, simulated / measured - 1"),
            ["min_error"] = Typed(Number, "the lowest signed error"),
            ["max_error"] = Typed(Number, "the highest signed error"),
        });
        var families = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["throughput"] = family, ["capacity"] = family.DeepClone(), ["latency"] = family.DeepClone(), ["tail_latency"] = family.DeepClone() },
            ["additionalProperties"] = false,
        };
        var group = Closed(new JsonObject
        {
            ["accelerator"] = Typed(new[] { "string", "null" }, "the part the group is held to; null: any part"),
            ["stack"] = Typed(new[] { "string", "null" }, "the stack the group is held to; null: any stack"),
            ["architecture"] = Typed("string", "dense, mixture of experts, or the workload kind"),
            ["own"] = Typed("boolean", "whether the group is the deployment's own part, stack and architecture (else the nearest checked)"),
            ["configurations"] = Typed(Integer, "published configurations (scenario files) with a checked figure in the group"),
            ["parts"] = new JsonObject { ["type"] = "array", ["items"] = Typed("string", null) },
            ["fitted_figures"] = Typed(Integer, "figures of the group a factor was fitted on: no evidence, left out of the families"),
            ["families"] = families,
        });
        var validation = Closed(new JsonObject
        {
            ["record"] = Typed("string", "the record the groups come from (clustersim accuracy --record)"),
            ["architecture"] = Typed("string", "the deployment's architecture as the record groups it"),
            ["groups"] = ArrayOf(group),
        });
        validation["description"] = "How this kind of deployment read against published measurements: its own group of checks, else the nearest; empty groups: nothing of its architecture was checked.";
        return validation;
    }

    private static JsonObject Autoscaling()
    {
        var properties = new JsonObject
        {
            ["pool"] = Typed("string", null),
            ["scale_ups"] = Typed(Integer, null),
            ["reactivations"] = Typed(Integer, null),
            ["scale_downs"] = Typed(Integer, null),
            ["requests_waited_for_cold_start"] = Typed(Integer, null),
            ["mean_running_replicas"] = Typed(Number, null),
            ["sleeping_replica_hours"] = Typed(Number, null),
            ["cold_start_seconds"] = Typed(Number, "total time replicas spent starting"),
        };
        return Closed(properties, Names([.. properties.Select(p => p.Key)]));
    }

    /// <summary>
    /// An object serialized from a record with <see cref="FacilityJson.Options"/>: one key per
    /// public property, snake_case, nullable numbers may be null, lists of records as arrays.
    /// </summary>
    private static JsonObject FromRecord(Type type, string? description, params (string Key, JsonObject Schema)[] extra)
    {
        var properties = new JsonObject();
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            properties[FacilityJson.Options.PropertyNamingPolicy!.ConvertName(p.Name)] = ForType(p.PropertyType);
        }

        foreach (var (key, schema) in extra)
        {
            properties[key] = schema;
        }

        var result = Closed(properties, Names([.. properties.Select(p => p.Key)]));
        if (description is not null)
        {
            result["description"] = description;
        }

        return result;
    }

    private static JsonObject ForType(Type t)
    {
        var nullable = Nullable.GetUnderlyingType(t);
        if (nullable is not null)
        {
            var inner = ForType(nullable);
            inner["type"] = new JsonArray(inner["type"]!.GetValue<string>(), "null");
            return inner;
        }

        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal))
        {
            return Typed(Number, null);
        }

        if (t == typeof(int) || t == typeof(long))
        {
            return Typed(Integer, null);
        }

        if (t == typeof(string))
        {
            return Typed("string", null);
        }

        if (t == typeof(bool))
        {
            return Typed("boolean", null);
        }

        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return ArrayOf(ForType(t.GetGenericArguments()[0]));
        }

        if (t.IsClass)
        {
            return FromRecord(t, null);
        }

        throw new InvalidOperationException($"summary schema: no JSON type for {t.Name}; describe it in SummarySchema");
    }

    private static JsonObject Closed(JsonObject properties, JsonArray required) => new()
    {
        ["type"] = "object",
        ["properties"] = properties,
        ["required"] = required,
        ["additionalProperties"] = false,
    };

    private static JsonObject Strings(params string[] keys)
    {
        var properties = new JsonObject();
        foreach (var key in keys)
        {
            properties[key] = Typed("string", null);
        }

        return properties;
    }

    private static JsonObject Closed(JsonObject properties) => Closed(properties, Names([.. properties.Select(p => p.Key)]));

    private static JsonObject ArrayOf(JsonObject items) => new() { ["type"] = "array", ["items"] = items };

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/$defs/" + name };

    private static JsonObject Typed(string type, string? description)
    {
        var o = new JsonObject { ["type"] = type };
        if (description is not null)
        {
            o["description"] = description;
        }

        return o;
    }

    private static JsonObject Typed(string[] types, string? description)
    {
        var o = new JsonObject { ["type"] = new JsonArray([.. types.Select(x => (JsonNode)x)]) };
        if (description is not null)
        {
            o["description"] = description;
        }

        return o;
    }

    private static JsonArray Names(params string[] names) => new([.. names.Select(n => (JsonNode)n)]);
}
