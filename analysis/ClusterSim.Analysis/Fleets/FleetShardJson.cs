using System.Globalization;
using System.Text.Json;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Analysis.Fleets;

/// <summary>
/// The fleet shard file: header, then each cluster's counts, energy, cost and histograms (non-empty
/// buckets as [index, count] pairs). Numbers are written shortest round-trip, so reading gives back
/// the same doubles; a NaN (nothing measured) is null.
/// </summary>
internal static class FleetShardJson
{
    // 2: each cluster carries its classes of other kinds (other_classes).
    public const string Format = "clustersim-fleet-shard/3"; // 3: other kinds' classes carry their histograms and what met their target

    public static byte[] Write(FleetResult result)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("fleet", result.Name);
            w.WriteString("fingerprint", result.Fingerprint);
            w.WriteNumber("cluster_count", result.ClusterCount);
            if (result.Shard is { } s)
            {
                w.WriteStartObject("shard");
                w.WriteNumber("index", s.Index);
                w.WriteNumber("count", s.Count);
                w.WriteEndObject();
            }

            w.WriteStartArray("clusters");
            foreach (var c in result.Clusters)
            {
                w.WriteStartObject();
                w.WriteNumber("index", c.Index);
                w.WriteString("name", c.Name);
                w.WriteString("site", c.Site);
                w.WriteNumber("seed", c.Seed);
                w.WriteNumber("accelerators", c.Accelerators);
                w.WriteNumber("arrived", c.Arrived);
                w.WriteNumber("completed", c.Completed);
                w.WriteNumber("dropped", c.Dropped);
                w.WriteNumber("measured", c.Measured);
                w.WriteNumber("slo_met", c.SloMet);
                w.WriteNumber("window_completed", c.WindowCompleted);
                w.WriteNumber("window_output_tokens", c.WindowOutputTokens);
                Number(w, "measured_s", c.MeasuredSeconds);
                Number(w, "it_kwh", c.ItKwh);
                Number(w, "facility_kwh", c.FacilityKwh);
                Number(w, "cost_usd", c.CostUsd);
                Number(w, "usd_per_hour", c.UsdPerHour);
                w.WriteStartObject("histograms");
                foreach (var name in ClusterOutcome.Latencies)
                {
                    WriteHistogram(w, name, c.Histograms[name]);
                }

                w.WriteEndObject();
                w.WriteStartArray("other_classes");
                foreach (var k in c.OtherClasses)
                {
                    w.WriteStartObject();
                    w.WriteString("kind", k.Kind);
                    w.WriteString("class", k.Class);
                    w.WriteStartObject("counts");
                    foreach (var (key, value) in k.Counts)
                    {
                        w.WriteNumber(key, value);
                    }

                    w.WriteEndObject();
                    w.WriteNumber("measured", k.Measured);
                    w.WriteNumber("slo_met", k.SloMet);
                    w.WriteStartObject("histograms");
                    foreach (var (key, h) in k.Histograms)
                    {
                        WriteHistogram(w, key, h);
                    }

                    w.WriteEndObject();
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

    public static FleetResult Read(byte[] bytes, string file)
    {
        using (var doc = JsonPathReader.Open(bytes, file, "fleet shard file", Format, out var j))
        {
            var root = doc.RootElement;

            ShardSpec? shard = null;
            if (root.TryGetProperty("shard", out var s))
            {
                shard = ShardSpec.Create(j.Int32(s, "shard", "index"), j.Int32(s, "shard", "count"), file);
            }

            var clusters = new List<ClusterOutcome>();
            var i = 0;
            foreach (var c in j.Array(root, "", "clusters"))
            {
                var at = string.Create(CultureInfo.InvariantCulture, $"clusters[{i++}]");
                var histograms = new Dictionary<string, HistogramSnapshot>();
                var hs = j.Get(c, at, "histograms");
                foreach (var name in ClusterOutcome.Latencies)
                {
                    histograms[name] = ReadHistogram(j, file, j.Get(hs, at + ".histograms", name), $"{at}.histograms.{name}");
                }

                var others = new List<KindClassOutcome>();
                var k = 0;
                foreach (var o in j.Array(c, at, "other_classes"))
                {
                    var oat = string.Create(CultureInfo.InvariantCulture, $"{at}.other_classes[{k++}]");
                    var counts = j.Get(o, oat, "counts");
                    if (counts.ValueKind != JsonValueKind.Object)
                    {
                        throw new SweepInputException($"{file}: not a valid fleet shard file: {oat}.counts: expected an object of whole numbers");
                    }

                    var kh = j.Get(o, oat, "histograms");
                    if (kh.ValueKind != JsonValueKind.Object)
                    {
                        throw new SweepInputException($"{file}: not a valid fleet shard file: {oat}.histograms: expected an object of histograms");
                    }

                    others.Add(new KindClassOutcome(j.String(o, oat, "kind"), j.String(o, oat, "class"),
                        [.. counts.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, j.Int64(counts, oat + ".counts", p.Name)))])
                    {
                        Measured = j.Int64(o, oat, "measured"),
                        SloMet = j.Int64(o, oat, "slo_met"),
                        Histograms = [.. kh.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, ReadHistogram(j, file, p.Value, $"{oat}.histograms.{p.Name}")))],
                    });
                }

                clusters.Add(new ClusterOutcome(
                    j.Int32(c, at, "index"), j.String(c, at, "name"), j.String(c, at, "site"), j.UInt64(c, at, "seed"), j.Int32(c, at, "accelerators"),
                    j.Int64(c, at, "arrived"), j.Int64(c, at, "completed"), j.Int64(c, at, "dropped"), j.Int64(c, at, "measured"), j.Int64(c, at, "slo_met"),
                    j.Int64(c, at, "window_completed"), j.Int64(c, at, "window_output_tokens"),
                    N(j, c, at, "measured_s"), N(j, c, at, "it_kwh"), N(j, c, at, "facility_kwh"), N(j, c, at, "cost_usd"), N(j, c, at, "usd_per_hour"),
                    histograms, others));
            }

            return new FleetResult(j.String(root, "", "fleet"), j.String(root, "", "fingerprint"), j.Int32(root, "", "cluster_count"), clusters, shard);
        }
    }

    private static void WriteHistogram(Utf8JsonWriter w, string name, HistogramSnapshot h)
    {
        w.WriteStartObject(name);
        w.WriteNumber("bits", h.SignificantBits);
        w.WriteNumber("count", h.Count);
        w.WriteString("sum", h.Sum.ToString(CultureInfo.InvariantCulture));
        w.WriteNumber("min", h.Min);
        w.WriteNumber("max", h.Max);
        w.WriteStartArray("buckets");
        foreach (var (index, count) in h.Buckets)
        {
            w.WriteStartArray();
            w.WriteNumberValue(index);
            w.WriteNumberValue(count);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A histogram as <see cref="WriteHistogram"/> wrote it at <paramref name="hat"/>; a damaged one is refused by its path.</summary>
    private static HistogramSnapshot ReadHistogram(JsonPathReader j, string file, JsonElement h, string hat)
    {
        var buckets = j.Array(h, hat, "buckets").Select(b => b.GetArrayLength() == 2 && b[0].TryGetInt32(out var bi) && b[1].TryGetInt64(out var bc)
            ? (bi, bc)
            : throw new SweepInputException($"{file}: not a valid fleet shard file: {hat}.buckets: expected [index, count] pairs")).ToList();
        if (!Int128.TryParse(j.String(h, hat, "sum"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sum))
        {
            throw new SweepInputException($"{file}: not a valid fleet shard file: {hat}.sum: expected a whole number");
        }

        var snapshot = new HistogramSnapshot(j.Int32(h, hat, "bits"), j.Int64(h, hat, "count"), sum, j.Int64(h, hat, "min"), j.Int64(h, hat, "max"), buckets);
        try
        {
            _ = LatencyHistogram.FromSnapshot(snapshot);
        }
        catch (ArgumentException ex)
        {
            throw new SweepInputException($"{file}: not a valid fleet shard file: {hat}: {ex.Message}");
        }

        return snapshot;
    }

    private static double N(JsonPathReader j, JsonElement e, string at, string key) => j.Number(e, at, key) ?? double.NaN;

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
