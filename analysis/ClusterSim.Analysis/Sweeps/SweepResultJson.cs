using System.Text.Json;
using ClusterSim.Analysis.Outputs;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// The shard file: a sweep's header and every replication's raw figures, enough to rebuild every
/// output without the scenario. Numbers are written in shortest round-trip form and read back
/// exactly, so a merge recomputes the very same intervals; NaN (nothing measured) is null.
/// </summary>
internal static class SweepResultJson
{
    public const string Format = "clustersim-sweep-shard/3";

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
                FiniteJson.Write(w, "arrival_window_s", info.ArrivalWindowSeconds);
                w.WriteNumber("accelerators", info.Accelerators);
                w.WriteNumber("deployed_accelerators", info.DeployedAccelerators);
                w.WriteString("cost_basis", info.CostBasis);
                w.WriteStartArray("classes");
                foreach (var c in info.Classes)
                {
                    w.WriteStartObject();
                    w.WriteString("name", c.Name);
                    w.WriteString("kind", c.Kind);
                    FiniteJson.Write(w, "ttft_s", c.TtftSeconds);
                    FiniteJson.Write(w, "tpot_s", c.TpotSeconds);
                    FiniteJson.Write(w, "e2e_s", c.E2eSeconds);
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
                            FiniteJson.WriteValue(w, v);
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

    /// <summary>
    /// Reads a shard file; throws <see cref="SweepInputException"/> naming <paramref name="name"/> and,
    /// for a damaged file, the JSON path of the first bad value (<c>points[3].runs[1]: missing 'seed'</c>).
    /// A file from another ClusterSim version (other format or metric list) is refused, since its
    /// figures may mean something else (rates moved from drain-included to the arrival window).
    /// </summary>
    public static SweepResult Read(byte[] bytes, string name)
    {
        using (var doc = JsonPathReader.Open(bytes, name, "sweep shard file", Format, out var r))
        {
            var root = doc.RootElement;

            var parameters = r.Array(root, "", "parameters")
                .Select((p, i) => new SweepParameter(r.String(p, $"parameters[{i}]", "path"), r.Strings(p, $"parameters[{i}]", "values")))
                .ToList();
            var header = new SweepHeader(
                r.String(root, "", "scenario"),
                r.String(root, "", "fingerprint"),
                r.Strings(root, "", "fixed"),
                parameters,
                r.Int32(root, "", "replications"),
                r.Double(root, "", "confidence"),
                r.Int32(root, "", "points_total"),
                r.String(root, "", "cost_model"),
                r.Strings(root, "", "metrics"));
            if (!header.Metrics.SequenceEqual(SweepMetrics.Names))
            {
                // Figures are stored by position: read against another metric list they would land
                // in the wrong columns.
                throw new SweepInputException(
                    $"{name}: its metrics ({string.Join(", ", header.Metrics)}) are not this ClusterSim version's ({string.Join(", ", SweepMetrics.Names)}); run its shards again with this version");
            }

            var shardElement = r.Get(root, "", "shard");
            ShardSpec? shard = shardElement.ValueKind == JsonValueKind.Null
                ? null
                : ShardSpec.Create(r.Int32(shardElement, "shard", "index"), r.Int32(shardElement, "shard", "count"), $"{name}: shard");
            var points = new List<PointResult>();
            var pointIndex = 0;
            foreach (var p in r.Array(root, "", "points"))
            {
                var at = $"points[{pointIndex++}]";
                var classes = r.Array(p, at, "classes").Select((c, i) =>
                {
                    var cAt = $"{at}.classes[{i}]";
                    return new ClassInfo(
                        r.String(c, cAt, "name"),
                        r.Number(c, cAt, "ttft_s"),
                        r.Number(c, cAt, "tpot_s"),
                        r.Number(c, cAt, "e2e_s"),
                        r.Double(c, cAt, "percentile"),
                        c.TryGetProperty("kind", out _) ? r.String(c, cAt, "kind") : "text"); // shards written before kinds had rows
                }).ToList();
                var info = new PointInfo(
                    r.Int32(p, at, "index"),
                    r.Strings(p, at, "values"),
                    r.UInt64(p, at, "seed"),
                    r.Number(p, at, "arrival_window_s"),
                    r.Int64(p, at, "accelerators"),
                    r.Int64(p, at, "deployed_accelerators"),
                    r.String(p, at, "cost_basis"),
                    classes);
                var runs = r.Array(p, at, "runs").Select((run, k) =>
                {
                    var rAt = $"{at}.runs[{k}]";
                    return new ReplicationResult(
                        r.UInt64(run, rAt, "seed"),
                        r.Array(run, rAt, "values")
                            .Select((row, i) => r.Elements(row, $"{rAt}.values[{i}]")
                                .Select((v, j) => r.Number(v, $"{rAt}.values[{i}][{j}]") ?? double.NaN).ToArray())
                            .ToList());
                }).ToList();
                if (info.Values.Count != parameters.Count || runs.Count != header.Replications
                    || runs.Any(run => run.Values.Count != classes.Count + 1 || run.Values.Any(row => row.Length != header.Metrics.Count)))
                {
                    throw new SweepInputException($"{name}: {at}: point {info.Index} does not match the sweep's parameters, replications or metrics");
                }

                points.Add(new PointResult(info, runs));
            }

            return new SweepResult(header, points, shard);
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
}
