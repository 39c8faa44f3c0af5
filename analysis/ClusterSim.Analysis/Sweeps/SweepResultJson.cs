using System.Text.Json;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// The shard file: a sweep's header and every replication's raw figures, enough to rebuild every
/// output without the scenario. Numbers are written in shortest round-trip form and read back
/// exactly, so a merge recomputes the very same intervals; NaN (nothing measured) is null.
/// </summary>
internal static class SweepResultJson
{
    public const string Format = "clustersim-sweep-shard/1";

    public static byte[] Write(SweepResult result)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            var h = result.Header;
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("scenario", h.Scenario);
            w.WriteString("fingerprint", h.Fingerprint);
            WriteStrings(w, "fixed", h.Fixed);
            w.WriteStartArray("parameters");
            foreach (var p in h.Parameters)
            {
                w.WriteStartObject();
                w.WriteString("path", p.Path);
                WriteStrings(w, "values", p.Values);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("replications", h.Replications);
            w.WriteNumber("confidence", h.Confidence);
            w.WriteNumber("points_total", h.PointsTotal);
            w.WriteString("cost_model", h.CostModel);
            WriteStrings(w, "metrics", h.Metrics);
            if (result.Shard is { } shard)
            {
                w.WriteStartObject("shard");
                w.WriteNumber("index", shard.Index);
                w.WriteNumber("count", shard.Count);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("shard");
            }

            w.WriteStartArray("points");
            foreach (var p in result.Points)
            {
                var info = p.Info;
                w.WriteStartObject();
                w.WriteNumber("index", info.Index);
                WriteStrings(w, "values", info.Values);
                w.WriteNumber("seed", info.BaseSeed);
                WriteNumber(w, "arrival_window_s", info.ArrivalWindowSeconds);
                w.WriteNumber("accelerators", info.Accelerators);
                w.WriteNumber("deployed_accelerators", info.DeployedAccelerators);
                WriteNumber(w, "cost_usd_per_hour", info.CostUsdPerHour);
                w.WriteStartArray("classes");
                foreach (var c in info.Classes)
                {
                    w.WriteStartObject();
                    w.WriteString("name", c.Name);
                    WriteNumber(w, "ttft_s", c.TtftSeconds);
                    WriteNumber(w, "tpot_s", c.TpotSeconds);
                    WriteNumber(w, "e2e_s", c.E2eSeconds);
                    w.WriteNumber("percentile", c.Percentile);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("runs");
                foreach (var run in p.Runs)
                {
                    w.WriteStartObject();
                    w.WriteNumber("seed", run.Seed);
                    w.WriteStartArray("values");
                    foreach (var row in run.Values)
                    {
                        w.WriteStartArray();
                        foreach (var v in row)
                        {
                            WriteValue(w, v);
                        }

                        w.WriteEndArray();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>Reads a shard file; throws <see cref="SweepInputException"/> naming <paramref name="name"/> when it is not one.</summary>
    public static SweepResult Read(byte[] bytes, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            var format = root.GetProperty("format").GetString();
            if (format != Format)
            {
                throw new SweepInputException($"{name}: not a sweep shard file (format '{format}', expected '{Format}')");
            }

            var parameters = root.GetProperty("parameters").EnumerateArray()
                .Select(p => new SweepParameter(p.GetProperty("path").GetString()!, Strings(p.GetProperty("values"))))
                .ToList();
            var header = new SweepHeader(
                root.GetProperty("scenario").GetString()!,
                root.GetProperty("fingerprint").GetString()!,
                Strings(root.GetProperty("fixed")),
                parameters,
                root.GetProperty("replications").GetInt32(),
                root.GetProperty("confidence").GetDouble(),
                root.GetProperty("points_total").GetInt32(),
                root.GetProperty("cost_model").GetString()!,
                Strings(root.GetProperty("metrics")));
            var shardElement = root.GetProperty("shard");
            ShardSpec? shard = shardElement.ValueKind == JsonValueKind.Null
                ? null
                : new ShardSpec(shardElement.GetProperty("index").GetInt32(), shardElement.GetProperty("count").GetInt32());
            var points = new List<PointResult>();
            foreach (var p in root.GetProperty("points").EnumerateArray())
            {
                var classes = p.GetProperty("classes").EnumerateArray().Select(c => new ClassInfo(
                    c.GetProperty("name").GetString()!,
                    Number(c.GetProperty("ttft_s")),
                    Number(c.GetProperty("tpot_s")),
                    Number(c.GetProperty("e2e_s")),
                    c.GetProperty("percentile").GetDouble())).ToList();
                var info = new PointInfo(
                    p.GetProperty("index").GetInt32(),
                    Strings(p.GetProperty("values")),
                    p.GetProperty("seed").GetUInt64(),
                    Number(p.GetProperty("arrival_window_s")),
                    p.GetProperty("accelerators").GetInt64(),
                    p.GetProperty("deployed_accelerators").GetInt64(),
                    Number(p.GetProperty("cost_usd_per_hour")),
                    classes);
                var runs = p.GetProperty("runs").EnumerateArray().Select(r => new ReplicationResult(
                    r.GetProperty("seed").GetUInt64(),
                    r.GetProperty("values").EnumerateArray()
                        .Select(row => row.EnumerateArray().Select(v => Number(v) ?? double.NaN).ToArray())
                        .ToList())).ToList();
                if (info.Values.Count != parameters.Count || runs.Count != header.Replications
                    || runs.Any(r => r.Values.Count != classes.Count + 1 || r.Values.Any(row => row.Length != header.Metrics.Count)))
                {
                    throw new SweepInputException($"{name}: point {info.Index} does not match the sweep's parameters, replications or metrics");
                }

                points.Add(new PointResult(info, runs));
            }

            return new SweepResult(header, points, shard);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new SweepInputException($"{name}: not a valid sweep shard file ({ex.Message})");
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
    {
        w.WritePropertyName(name);
        WriteValue(w, value ?? double.NaN);
    }

    private static void WriteValue(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    private static List<string> Strings(JsonElement e) => e.EnumerateArray().Select(s => s.GetString()!).ToList();
}
