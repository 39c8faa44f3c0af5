using System.Globalization;
using System.Text;
using System.Text.Json;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Analysis.Fleets;

/// <summary>
/// The files of a whole fleet: fleet.json (fleet totals, then per site, then per cluster), sites.csv
/// and clusters.csv. Percentiles of a group of clusters are read off the sum of their histograms
/// (exact merge: the same as one histogram of every request); counts, energy and cost are sums taken
/// in cluster order; rates are each cluster's completions over its own measured window, summed.
/// </summary>
internal static class FleetOutputs
{
    private static readonly string[] Columns =
    [
        "clusters", "accelerators", "arrived", "completed", "dropped", "throughput_rps", "output_tokens_per_s", "slo_attainment",
        "ttft_p50_s", "ttft_p99_s", "ttft_p999_s", "tpot_p50_s", "tpot_p99_s", "e2e_p50_s", "e2e_p99_s", "queue_p99_s",
        "it_kwh", "facility_kwh", "cost_usd", "usd_per_hour", "usd_per_mtok",
    ];

    /// <summary>What a fleet with classes of other kinds than text says about them, in fleet.json and on the console.</summary>
    public const string OtherKindsNote =
        "the fleet's latency percentiles, throughput and SLO attainment above cover text classes only; classes of other kinds (video, avatar, image) "
        + "are listed under other_kinds with their counts summed over the clusters (arrived, completed, frames, ...), their latency percentiles "
        + "from their histograms merged and their SLO attainment over every measured unit, but not their rates (per hour, per accelerator), "
        + "which are over each cluster's own span: read those in a cluster's own 'clustersim run'. Energy and cost include every kind's replicas.";

    public static IReadOnlyList<(string Name, byte[] Bytes)> Render(FleetResult result)
    {
        var fleet = Group.Of(result.Clusters);
        var sites = result.Clusters.GroupBy(c => c.Site).Select(g => (Name: g.Key, Group: Group.Of(g.ToList()))).ToList();
        var clusters = result.Clusters.Select(c => (c.Name, Group: Group.Of([c]))).ToList();
        return
        [
            ("fleet.json", Json(result, fleet, sites, clusters)),
            ("sites.csv", Csv("site", sites)),
            ("clusters.csv", Csv("cluster", clusters)),
        ];
    }

    private static byte[] Json(FleetResult result, Group fleet, List<(string Name, Group Group)> sites, List<(string Name, Group Group)> clusters)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("fleet", result.Name);
            w.WriteString("fingerprint", result.Fingerprint);
            w.WriteString("merge", "percentiles from the sum of the clusters' histograms (0.39 % relative error, as a single run's); counts, energy and cost summed; rates are each cluster's completions over its measured window, summed");
            w.WritePropertyName("total");
            Write(w, fleet);
            WriteOtherKinds(w, result.Clusters);
            w.WriteStartObject("sites");
            foreach (var (name, g) in sites)
            {
                w.WritePropertyName(name);
                Write(w, g);
            }

            w.WriteEndObject();
            w.WriteStartObject("clusters");
            foreach (var (name, g) in clusters)
            {
                w.WritePropertyName(name);
                Write(w, g);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>Classes of other kinds, their counts summed over the clusters that have them (in order of first appearance); nothing for a text-only fleet.</summary>
    private static void WriteOtherKinds(Utf8JsonWriter w, IReadOnlyList<ClusterOutcome> clusters)
    {
        var sums = new List<(string Kind, string Class, List<int> Clusters, List<KeyValuePair<string, long>> Counts, long[] Met, List<KeyValuePair<string, LatencyHistogram>> Latency)>();
        foreach (var c in clusters)
        {
            foreach (var k in c.OtherClasses)
            {
                var i = sums.FindIndex(s => s.Kind == k.Kind && s.Class == k.Class);
                if (i < 0)
                {
                    sums.Add((k.Kind, k.Class, [], [], new long[2], []));
                    i = sums.Count - 1;
                }

                var (_, _, having, counts, met, latency) = sums[i];
                having.Add(c.Index);
                met[0] += k.Measured;
                met[1] += k.SloMet;
                foreach (var (key, snapshot) in k.Histograms)
                {
                    var at = latency.FindIndex(p => p.Key == key);
                    if (at < 0)
                    {
                        latency.Add(KeyValuePair.Create(key, new LatencyHistogram()));
                        at = latency.Count - 1;
                    }

                    latency[at].Value.Merge(LatencyHistogram.FromSnapshot(snapshot));
                }

                foreach (var (key, value) in k.Counts)
                {
                    var at = counts.FindIndex(p => p.Key == key);
                    if (at < 0)
                    {
                        counts.Add(KeyValuePair.Create(key, value));
                    }
                    else
                    {
                        counts[at] = KeyValuePair.Create(key, counts[at].Value + value);
                    }
                }
            }
        }

        if (sums.Count == 0)
        {
            return;
        }

        w.WriteStartObject("other_kinds");
        w.WriteString("note", OtherKindsNote);
        w.WriteStartObject("classes");
        foreach (var (kind, name, having, counts, met, latency) in sums)
        {
            w.WriteStartObject($"{kind}/{name}");
            w.WriteString("kind", kind);
            w.WriteString("class", name);
            w.WriteNumber("clusters", having.Count);
            foreach (var (key, value) in counts)
            {
                w.WriteNumber(key, value);
            }

            // Share of every measured unit of every cluster that met the class's target; null with nothing measured.
            w.WritePropertyName("slo_attainment");
            FiniteJson.WriteValue(w, met[0] == 0 ? double.NaN : (double)met[1] / met[0]);
            foreach (var (key, h) in latency)
            {
                // As summary.json writes a kind's latency: seconds, null where nothing was measured.
                var summary = h.Count == 0 ? null : h.ToSummary();
                w.WriteStartObject(key);
                foreach (var (stat, value) in new[] { ("mean", summary?.Mean), ("p50", summary?.P50), ("p90", summary?.P90), ("p95", summary?.P95), ("p99", summary?.P99), ("p999", summary?.P999) })
                {
                    w.WritePropertyName(stat);
                    FiniteJson.WriteValue(w, value ?? double.NaN);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter w, Group g)
    {
        w.WriteStartObject();
        var values = g.Values();
        for (var i = 0; i < Columns.Length; i++)
        {
            if (double.IsFinite(values[i]))
            {
                w.WriteNumber(Columns[i], values[i]);
            }
            else
            {
                w.WriteNull(Columns[i]);
            }
        }

        w.WriteEndObject();
    }

    private static byte[] Csv(string key, List<(string Name, Group Group)> rows)
    {
        var text = new StringBuilder();
        text.Append(key).Append(',').AppendJoin(',', Columns).Append('\n');
        foreach (var (name, g) in rows)
        {
            text.Append(name);
            foreach (var v in g.Values())
            {
                text.Append(',').Append(double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
            }

            text.Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A set of clusters added up.</summary>
    private sealed class Group
    {
        private readonly Dictionary<string, LatencyHistogram> _latency = [];
        private readonly IReadOnlyList<ClusterOutcome> _clusters;

        private Group(IReadOnlyList<ClusterOutcome> clusters)
        {
            _clusters = clusters;
            foreach (var name in ClusterOutcome.Latencies)
            {
                var h = new LatencyHistogram();
                foreach (var c in clusters)
                {
                    h.Merge(LatencyHistogram.FromSnapshot(c.Histograms[name]));
                }

                _latency[name] = h;
            }
        }

        public static Group Of(IReadOnlyList<ClusterOutcome> clusters) => new(clusters);

        public double[] Values()
        {
            double Sum(Func<ClusterOutcome, double> f)
            {
                var total = 0.0;
                foreach (var c in _clusters)
                {
                    total += f(c);
                }

                return total;
            }

            double P(string name, double p) => _latency[name].Count == 0 ? double.NaN : _latency[name].ValueAtPercentile(p) / 1e9;
            var measured = Sum(c => c.Measured);
            var tokensPerS = Sum(c => c.WindowOutputTokens / c.MeasuredSeconds);
            var usdPerHour = Sum(c => c.UsdPerHour);
            return
            [
                _clusters.Count, Sum(c => c.Accelerators), Sum(c => c.Arrived), Sum(c => c.Completed), Sum(c => c.Dropped),
                Sum(c => c.WindowCompleted / c.MeasuredSeconds), tokensPerS, measured == 0 ? double.NaN : Sum(c => c.SloMet) / measured,
                P("ttft", 50), P("ttft", 99), P("ttft", 99.9), P("tpot", 50), P("tpot", 99), P("e2e", 50), P("e2e", 99), P("queue", 99),
                Sum(c => c.ItKwh), Sum(c => c.FacilityKwh), Sum(c => c.CostUsd), usdPerHour,
                tokensPerS > 0 ? usdPerHour / (tokensPerS * 3600) * 1e6 : double.NaN,
            ];
        }
    }
}
