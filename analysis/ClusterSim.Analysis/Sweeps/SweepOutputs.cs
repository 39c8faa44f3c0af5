using System.Globalization;
using System.Text;
using System.Text.Json;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Analysis.Statistics;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// The files of a complete sweep, as bytes: sweep.csv and sweep.json (per point and class, the mean
/// over replications and, with two or more, the confidence half-width), runs.csv (every
/// replication) and the charts. Nothing depends on the clock, the machine or the order runs
/// finished in: points in index order, invariant shortest round-trip numbers, no timestamps.
/// </summary>
internal static class SweepOutputs
{
    public static IReadOnlyList<(string Name, byte[] Bytes)> Render(SweepResult result)
    {
        var view = new SweepView(result);
        var charts = SweepCharts.Render(view);
        return
        [
            ("sweep.csv", SummaryCsv(view)),
            ("sweep.json", SweepJson(view, charts.Select(c => c.Name).ToList())),
            ("runs.csv", RunsCsv(result)),
            .. charts,
        ];
    }

    private static byte[] SummaryCsv(SweepView view)
    {
        var h = view.Header;
        var withCi = h.Replications > 1;
        var text = new StringBuilder();
        var header = new List<string> { "point" };
        header.AddRange(h.Parameters.Select(p => p.Path));
        header.AddRange(["class", "replications", "accelerators", "deployed_accelerators", "cost_basis"]);
        foreach (var m in h.Metrics)
        {
            header.Add(m);
            if (withCi)
            {
                header.Add(m + "_ci");
            }
        }

        Line(text, header);
        foreach (var p in view.Points)
        {
            for (var r = 0; r < p.Rows.Count; r++)
            {
                var cells = new List<string> { Int(p.Info.Index) };
                cells.AddRange(p.Info.Values);
                cells.AddRange([p.Rows[r], Int(h.Replications), Int(p.Info.Accelerators), Int(p.Info.DeployedAccelerators), p.Info.CostBasis]);
                foreach (var ci in p.Intervals[r])
                {
                    cells.Add(Number(ci.Mean));
                    if (withCi)
                    {
                        cells.Add(Number(ci.HalfWidth));
                    }
                }

                Line(text, cells);
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] RunsCsv(SweepResult result)
    {
        var h = result.Header;
        var text = new StringBuilder();
        var header = new List<string> { "point" };
        header.AddRange(h.Parameters.Select(p => p.Path));
        header.AddRange(["replication", "seed", "class"]);
        header.AddRange(h.Metrics);
        Line(text, header);
        foreach (var p in result.Points)
        {
            var rows = p.Info.Classes.Select(c => c.Name).Append(SweepMetrics.Overall).ToList();
            for (var k = 0; k < p.Runs.Count; k++)
            {
                for (var r = 0; r < rows.Count; r++)
                {
                    var cells = new List<string> { Int(p.Info.Index) };
                    cells.AddRange(p.Info.Values);
                    cells.AddRange([Int(k), p.Runs[k].Seed.ToString(CultureInfo.InvariantCulture), rows[r]]);
                    cells.AddRange(p.Runs[k].Values[r].Select(Number));
                    Line(text, cells);
                }
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] SweepJson(SweepView view, IReadOnlyList<string> charts)
    {
        var h = view.Header;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("scenario", h.Scenario);
            w.WriteString("fingerprint", h.Fingerprint);
            w.WriteStartArray("fixed");
            foreach (var f in h.Fixed)
            {
                w.WriteStringValue(f);
            }

            w.WriteEndArray();
            w.WriteStartArray("parameters");
            foreach (var p in h.Parameters)
            {
                w.WriteStartObject();
                w.WriteString("path", p.Path);
                w.WriteStartArray("values");
                foreach (var v in p.Values)
                {
                    w.WriteStringValue(v);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("point_count", h.PointsTotal);
            w.WriteNumber("replications", h.Replications);
            w.WriteNumber("confidence", h.Confidence);
            w.WriteString("interval", h.Replications > 1
                ? "mean over replications ± Student-t half-width; a percentile's interval is over the replications' percentiles"
                : "one replication: values without intervals (use --replications 2 or more for confidence half-widths)");
            w.WriteString("cost_model", h.CostModel);
            w.WriteStartArray("points");
            foreach (var p in view.Points)
            {
                WritePoint(w, view, p);
            }

            w.WriteEndArray();
            w.WriteStartArray("knees");
            foreach (var k in view.Knees)
            {
                w.WriteStartObject();
                w.WriteString("class", k.Class);
                w.WriteString("metric", k.Metric);
                w.WriteString("load_parameter", k.LoadParameter);
                w.WriteStartObject("others");
                foreach (var (path, value) in k.Others)
                {
                    w.WriteString(path, value);
                }

                w.WriteEndObject();
                w.WriteNumber("slo_s", k.SloSeconds);
                w.WritePropertyName("load");
                FiniteJson.WriteValue(w, k.Load ?? double.NaN);
                w.WriteString("verdict", k.Verdict);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("charts");
            foreach (var c in charts)
            {
                w.WriteStringValue(c);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WritePoint(Utf8JsonWriter w, SweepView view, AggregatedPoint p)
    {
        var h = view.Header;
        w.WriteStartObject();
        w.WriteNumber("index", p.Info.Index);
        w.WriteStartObject("values");
        for (var i = 0; i < h.Parameters.Count; i++)
        {
            w.WriteString(h.Parameters[i].Path, p.Info.Values[i]);
        }

        w.WriteEndObject();
        w.WriteStartArray("seeds");
        for (var k = 0; k < h.Replications; k++)
        {
            w.WriteNumberValue(Replications.Seed(p.Info.BaseSeed, k));
        }

        w.WriteEndArray();
        w.WriteNumber("accelerators", p.Info.Accelerators);
        w.WriteNumber("deployed_accelerators", p.Info.DeployedAccelerators);
        w.WriteString("cost_basis", p.Info.CostBasis);
        w.WriteStartObject("classes");
        for (var r = 0; r < p.Rows.Count; r++)
        {
            w.WriteStartObject(p.Rows[r]);
            if (r < p.Info.Classes.Count)
            {
                var c = p.Info.Classes[r];
                if (!c.IsText)
                {
                    // Another kind's row: its e2e is arrival to completion, its e2e target the deadline.
                    w.WriteString("kind", c.Kind);
                }

                w.WriteStartObject("slo");
                w.WritePropertyName("ttft_s");
                FiniteJson.WriteValue(w, c.TtftSeconds ?? double.NaN);
                w.WritePropertyName("tpot_s");
                FiniteJson.WriteValue(w, c.TpotSeconds ?? double.NaN);
                w.WritePropertyName("e2e_s");
                FiniteJson.WriteValue(w, c.E2eSeconds ?? double.NaN);
                w.WriteNumber("percentile", c.Percentile);
                w.WriteEndObject();
            }

            for (var m = 0; m < h.Metrics.Count; m++)
            {
                var ci = p.Intervals[r][m];
                w.WriteStartObject(h.Metrics[m]);
                w.WritePropertyName("mean");
                FiniteJson.WriteValue(w, ci.Mean);
                if (h.Replications > 1)
                {
                    w.WritePropertyName("half_width");
                    FiniteJson.WriteValue(w, ci.HalfWidth);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Shortest round-trip invariant form; empty for NaN (nothing measured).</summary>
    private static string Number(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static void Line(StringBuilder text, IEnumerable<string> cells)
    {
        text.AppendJoin(',', cells.Select(Escape)).Append('\n');
    }

    private static string Escape(string cell)
        => cell.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
