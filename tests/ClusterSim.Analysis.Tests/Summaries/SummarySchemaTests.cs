using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterSim.Analysis.Metrics;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Model.Serving.Cluster;
using Json.Schema;

namespace ClusterSim.Analysis.Tests.Summaries;

/// <summary>
/// summary.json against its generated JSON Schema, checked by an independent validator
/// (JsonSchema.Net): real runs validate, no data is null, and a key the writer writes without a
/// registry or schema entry fails.
/// </summary>
public sealed class SummarySchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(SummarySchema.Generate());

    private static string Golden(string file) => Path.Combine(SmallRun.RepoRoot, "tests", "ClusterSim.Analysis.Tests", "Summaries", "Golden", file);

    private static (ServingResult Result, string Json) Small(params string[] sets)
    {
        var (_, _, result) = SmallRun.Run(sets, file: Golden("small-chat.yaml"));
        return (result, SummaryJson.Write(result, includeWallClock: true));
    }

    private static (ServingResult Result, string Json) Example(string file, params string[] sets)
    {
        var (_, _, result) = SmallRun.Run(sets, file: Path.Combine(SmallRun.RepoRoot, "scenarios", file));
        return (result, SummaryJson.Write(result, includeWallClock: false));
    }

    private static EvaluationResults Evaluate(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static void AssertValid(string json)
    {
        var results = Evaluate(json);
        Assert.True(results.IsValid, string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));
    }

    [Fact]
    public void The_committed_golden_summary_validates()
        => AssertValid(File.ReadAllText(Golden("small-chat.summary.json")));

    [Fact]
    public void A_summary_with_wall_clock_figures_validates()
        => AssertValid(Small().Json);

    [Fact]
    public void A_mixed_text_video_and_avatar_run_validates_with_its_kind_sections()
    {
        var (result, json) = Example("mixed-multimodal.yaml", "run.duration=5s", "run.warmup=1s");
        Assert.Contains(result.Kinds, k => k.Classes.Count > 0);
        AssertValid(json);
    }

    [Fact]
    public void A_class_whose_workload_sets_max_tokens_reports_its_cut_outputs_and_validates()
    {
        // chat's outputs reach 1,024 tokens; a 300-token cap cuts some of them. summarize has no cap and no such key.
        var (result, json) = Small("workloads.chat.max_tokens=300");
        var chat = result.Classes.Single(c => c.Name == "chat");
        Assert.True(chat.CutAtMaxTokens > 0);
        AssertValid(json);

        using var doc = JsonDocument.Parse(json);
        var classes = doc.RootElement.GetProperty("classes");
        Assert.Equal(chat.CutAtMaxTokens, classes.GetProperty("chat").GetProperty("cut_at_max_tokens").GetInt64());
        Assert.False(classes.GetProperty("summarize").TryGetProperty("cut_at_max_tokens", out _));
        Assert.Equal(chat.CutAtMaxTokens, doc.RootElement.GetProperty("overall").GetProperty("cut_at_max_tokens").GetInt64());
    }

    [Fact]
    public void Schema_version_is_the_first_key()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Golden("small-chat.summary.json")));
        var first = doc.RootElement.EnumerateObject().First();
        Assert.Equal("schema_version", first.Name);
        Assert.Equal(SummaryJson.SchemaVersion, first.Value.GetInt32());
    }

    [Fact]
    public void A_class_with_no_measured_request_reports_null_latencies_and_attainment_never_zero()
    {
        // 0.001 requests/s over 6 s: the summarize class almost surely sees no request; the seed is fixed.
        var (result, json) = Small("workloads.summarize.arrival.rate=0.001");
        Assert.Equal(0, result.Classes.Single(c => c.Name == "summarize").Measured);
        AssertValid(json);

        using var doc = JsonDocument.Parse(json);
        var summarize = doc.RootElement.GetProperty("classes").GetProperty("summarize");
        foreach (var family in new[] { "ttft_s", "tbt_s", "tpot_s", "e2e_s", "queue_s" })
        {
            foreach (var stat in new[] { "mean", "p50", "p90", "p95", "p99", "p999" })
            {
                Assert.Equal(JsonValueKind.Null, summarize.GetProperty(family).GetProperty(stat).ValueKind);
            }
        }

        Assert.Equal(JsonValueKind.Null, summarize.GetProperty("slo_attainment").ValueKind);
        Assert.Equal(JsonValueKind.Null, summarize.GetProperty("goodput_rps").ValueKind);
        Assert.False(summarize.GetProperty("meets_slo").GetBoolean());
        Assert.Equal(0, summarize.GetProperty("arrived").GetInt64());

        // The class that was measured keeps its numbers.
        var chat = doc.RootElement.GetProperty("classes").GetProperty("chat");
        Assert.True(chat.GetProperty("ttft_s").GetProperty("p99").GetDouble() > 0);
        Assert.True(chat.GetProperty("slo_attainment").GetDouble() > 0);
    }

    [Fact]
    public void Every_key_the_writer_writes_is_named_in_the_schema()
    {
        // Walk the summary of a run with every section (text, video, avatar, facility) beside the
        // schema: each key is a named property where the schema has properties, a class name under
        // classes or a kind section, or the name of a kind the run had.
        var (result, json) = Example("mixed-multimodal.yaml", "run.duration=5s", "run.warmup=1s");
        var schema = JsonNode.Parse(SummarySchema.Generate())!.AsObject();
        var root = JsonNode.Parse(json)!.AsObject();
        var kinds = result.Kinds.Select(k => k.Kind).ToHashSet();
        var named = schema["properties"]!.AsObject();
        foreach (var (key, value) in root)
        {
            if (named.ContainsKey(key))
            {
                Walk(schema, named[key]!, value!, "$." + key);
            }
            else
            {
                Assert.True(kinds.Contains(key), $"$.{key} is written but named neither in the schema nor as a kind of the run");
            }
        }
    }

    private static void Walk(JsonObject root, JsonNode schema, JsonNode value, string path)
    {
        if (schema["$ref"] is { } reference)
        {
            schema = root["$defs"]![reference.GetValue<string>()["#/$defs/".Length..]]!;
        }

        switch (value)
        {
            case JsonObject o when schema["properties"] is JsonObject properties:
                foreach (var (key, child) in o)
                {
                    Assert.True(properties.ContainsKey(key), $"{path}.{key} is written but the schema does not name it");
                    if (child is not null)
                    {
                        Walk(root, properties[key]!, child, $"{path}.{key}");
                    }
                }

                break;
            case JsonObject o when schema["additionalProperties"] is JsonObject each:
                foreach (var (key, child) in o)
                {
                    if (child is not null && each["anyOf"] is null)
                    {
                        Walk(root, each, child, $"{path}.{key}");
                    }
                }

                break;
            case JsonArray a when schema["items"] is { } items:
                foreach (var item in a)
                {
                    Walk(root, items, item!, path + "[]");
                }

                break;
        }
    }

    [Fact]
    public void A_key_written_without_a_registry_entry_fails_validation()
    {
        var summary = JsonNode.Parse(File.ReadAllText(Golden("small-chat.summary.json")))!.AsObject();
        summary["classes"]!["chat"]!["tail_latency_s"] = 1.0;
        Assert.False(Evaluate(summary.ToJsonString()).IsValid);

        var replica = JsonNode.Parse(File.ReadAllText(Golden("small-chat.summary.json")))!.AsObject();
        replica["replicas"]![0]!["temperature_c"] = 40;
        Assert.False(Evaluate(replica.ToJsonString()).IsValid);
    }

    [Fact]
    public void A_latency_statistic_that_is_neither_a_number_nor_null_fails_validation()
    {
        // The schema types each figure: a latency statistic is a number or null, nothing else.
        var summary = JsonNode.Parse(File.ReadAllText(Golden("small-chat.summary.json")))!.AsObject();
        summary["overall"]!["ttft_s"]!["p99"] = "fast";
        Assert.False(Evaluate(summary.ToJsonString()).IsValid);
    }

    [Fact]
    public void Every_class_key_of_the_registry_is_in_the_schema_in_order()
    {
        var properties = JsonNode.Parse(SummarySchema.Generate())!["$defs"]!["text_class"]!["properties"]!.AsObject();
        Assert.Equal(MetricRegistry.SummaryClass.Select(m => m.SummaryKey), properties.Select(p => p.Key));
    }

    [Fact]
    public void Generating_twice_gives_the_same_bytes()
        => Assert.Equal(SummarySchema.Generate(), SummarySchema.Generate());
}
