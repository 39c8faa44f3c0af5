using System.Net;
using System.Text;
using ClusterSim.Analysis.Charts;
using ClusterSim.Analysis.Metrics;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Report;

/// <summary>
/// Writes <c>report.html</c>: one self-contained file (inline CSS, charts as inline SVG, no script,
/// no request to anything) with the scenario, the key numbers, a pass or fail verdict for every
/// SLO, and the charts. Deterministic: the same run gives the same bytes (no clock, no wall time).
/// </summary>
public static partial class HtmlReport
{
    /// <param name="result">The run.</param>
    /// <param name="scenario">The scenario it ran (settings and SLO percentiles); null for a bare set-up.</param>
    /// <param name="charts">Charts to embed, in order (e.g. <see cref="RunCharts.Create"/>).</param>
    /// <param name="notes">Assumptions made compiling the scenario, shown under the settings.</param>
    public static string Write(ServingResult result, Scenario? scenario, IReadOnlyList<Chart> charts, IReadOnlyList<string>? notes = null)
    {
        var verdicts = SloVerdicts.Evaluate(result, scenario);
        var h = new StringBuilder(64 * 1024);
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>ClusterSim report: ").Append(E(result.Name)).Append("</title>\n");
        h.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");

        h.Append("<h1>ClusterSim report: ").Append(E(result.Name)).Append("</h1>\n");
        if (scenario?.Description is { Length: > 0 } description)
        {
            h.Append("<p class=\"description\">").Append(E(description)).Append("</p>\n");
        }

        var unjudged = Unjudged(result, scenario);
        Verdict(h, verdicts, unjudged.Count, KindJudgements(result, scenario));
        Settings(h, result, scenario, notes);
        KeyNumbers(h, result);
        SloTable(h, verdicts, unjudged);
        Kinds(h, result);
        Energy(h, result);
        Cost(h, result);
        Replicas(h, result);
        Autoscaling(h, result);
        Figures(h, charts);

        h.Append("<footer>Written by ClusterSim. Latency percentiles carry the histogram's stated relative error (")
            .Append(Format.Percent(result.Overall.Ttft.RelativeError)).Append("); means and counts are exact. ")
            .Append("Self-contained: no script, no external resource.</footer>\n");
        h.Append("</main>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void Verdict(StringBuilder h, IReadOnlyList<SloVerdict> verdicts, int unjudgedClasses, (int Judged, int Missed) kinds)
    {
        var failed = verdicts.Count(v => v.Outcome == SloOutcome.Fail);
        var noData = verdicts.Count(v => v.Outcome == SloOutcome.NoData);
        var (css, text) = verdicts.Count == 0 && kinds.Judged > 0
            ? ("none", "No text SLO is set.")
            : verdicts.Count == 0
            ? ("none", "No SLO is set for any class.")
            : failed > 0
                ? ("fail", $"FAIL: {failed} of {verdicts.Count} SLOs missed" + (noData > 0 ? $", {noData} without data." : "."))
                : noData > 0
                    ? ("nodata", $"NO VERDICT: {noData} of {verdicts.Count} SLOs have no data; the others are met.")
                    : ("pass", $"PASS: all {verdicts.Count} SLOs met.");
        if (kinds.Judged > 0)
        {
            // The other kinds' classes are judged in their own sections; a miss there fails the run too.
            text += kinds.Missed > 0
                ? $" {kinds.Missed} of {kinds.Judged} video, avatar or image classes missed their SLO."
                : $" All {kinds.Judged} video, avatar or image classes met their SLO.";
            if (kinds.Missed > 0)
            {
                css = "fail";
            }
            else if (verdicts.Count == 0)
            {
                css = "pass";
            }
        }

        if (unjudgedClasses > 0)
        {
            text += $" {unjudgedClasses} class{(unjudgedClasses == 1 ? "" : "es")} with SLOs not judged (no results).";
        }

        h.Append("<p class=\"verdict ").Append(css).Append("\" id=\"verdict\">").Append(E(text)).Append("</p>\n");
    }

    private static void Settings(StringBuilder h, ServingResult result, Scenario? scenario, IReadOnlyList<string>? notes)
    {
        h.Append("<section id=\"scenario\">\n<h2>Scenario</h2>\n");
        var measured = result.MeasuredSeconds;
        var run = new List<(string, string)>
        {
            ("Scenario", result.Name),
            ("Seed", result.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Simulated time", Format.Seconds(SimTime.ToSeconds(result.SimulatedNs))),
            ("Warm-up (not measured)", Format.Seconds(SimTime.ToSeconds(Math.Min(result.MeasuredFromNs, result.SimulatedNs)))),
            ("Measured window", Format.Seconds(measured)),
            ("Simulation events", Format.Integer(result.Events)),
        };
        if (scenario is not null)
        {
            run.Insert(1, ("Source", scenario.SourcePath is null ? "embedded default scenario" : Path.GetFileName(scenario.SourcePath)));
            if (scenario.Run.DurationSeconds is { } d)
            {
                run.Add(("Arrivals for", Format.Seconds(d) + " after warm-up"));
            }

            if (scenario.Run.Requests is { } n)
            {
                run.Add(("Arrivals stop after", Format.Integer(n) + " requests"));
            }

            // A policy the scenario left out is marked, so the page does not read as if it had been chosen (the notes say why).
            static string Shown(PolicySpec p) => p.Defaulted ? $"{p} (not named: the default)" : p.ToString();
            run.Add(("Routing", Shown(scenario.Policies.Routing)));
            run.Add(("Batching", Shown(scenario.Policies.Batching)));
            run.Add(("Scheduling", Shown(scenario.Policies.Scheduling)));
            run.Add(("Admission", Shown(scenario.Policies.Admission)));
            run.Add(("Preemption", Shown(scenario.Policies.Preemption)));
        }

        h.Append("<table class=\"kv\">\n");
        foreach (var (k, v) in run)
        {
            h.Append("<tr><th>").Append(E(k)).Append("</th><td>").Append(E(v)).Append("</td></tr>\n");
        }

        h.Append("</table>\n");

        if (scenario is not null)
        {
            h.Append("<h3>Workloads</h3>\n");
            Table(h, ["Class", "Kind", "Model", "Arrival", "Mean rate (/s)", "Priority", "SLO"],
                scenario.Workloads.Select(w => new[]
                {
                    w.Name, w.Kind.ToString().ToLowerInvariant(), w.Model, ArrivalKind(w.Arrival),
                    w.Arrival.MeanRate is { } rate ? Format.Significant(rate) : "—",
                    w.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture), SloText(w.Slo),
                }), numeric: i => i is 4 or 5);

            h.Append("<h3>Deployments</h3>\n");
            Table(h, ["Deployment", "Model", "Nodes", "Accelerator", "TP", "PP", "Replicas", "Role", "Max batch", "Max batch tokens"],
                scenario.Deployments.Select(d =>
                {
                    var nodes = scenario.Hardware.Nodes.FirstOrDefault(n => n.Name == d.Nodes);
                    var accelerator = nodes is null ? "?" : scenario.Hardware.Accelerators.FirstOrDefault(a => a.Key == nodes.Accelerator)?.Name ?? nodes.Accelerator;
                    return new[]
                    {
                        d.Name, d.Model, nodes is null ? d.Nodes : $"{d.Nodes} ({nodes.Count} × {nodes.PerNode})", accelerator,
                        TensorCell(d), I(d.Pp), I(d.Replicas), d.Role.ToString().ToLowerInvariant(), I(d.MaxBatch), I(d.MaxBatchTokens),
                    };
                }), numeric: i => i is >= 4 and not 7);
        }

        if (notes is { Count: > 0 })
        {
            h.Append("<h3>Assumptions</h3>\n<ul class=\"notes\">\n");
            foreach (var note in notes)
            {
                h.Append("<li>").Append(E(note)).Append("</li>\n");
            }

            h.Append("</ul>\n");
        }

        h.Append("</section>\n");
    }

    private static void KeyNumbers(StringBuilder h, ServingResult result)
    {
        h.Append("<section id=\"numbers\">\n<h2>Key numbers</h2>\n<h3>Requests and throughput</h3>\n");
        var classes = result.Classes.Append(result.Overall).Select(c => new MetricInput(result, c)).ToList();
        ClassTable(h, MetricRegistry.ReportRequestColumns, classes);
        h.Append("<h3>Latency</h3>\n");
        ClassTable(h, MetricRegistry.ReportLatencyColumns, classes);
        h.Append("<p class=\"hint\">Throughput and goodput (requests meeting every SLO) count the completions inside the measured window (end of warm-up to the end of arrivals, so the drain after arrivals stop does not dilute them); ")
            .Append("latencies are of the measured requests, those that arrived after warm-up.</p>\n</section>\n");
    }

    /// <summary>A table of class rows over registry columns; a figure with no data reads "no data", never 0.</summary>
    private static void ClassTable(StringBuilder h, IReadOnlyList<MetricColumn> columns, IReadOnlyList<MetricInput> rows)
    {
        string[] headers = ["Class", .. columns.Select(c => c.Unit is "count" or "fraction" or "s" ? c.Label : $"{c.Label} ({c.Unit})")];
        Table(h, headers, rows.Select(r => (string[])[r.Class.Name, .. columns.Select(c => Cell(c, c.Read(r)))]), numeric: i => i >= 1);
    }

    private static string Cell(MetricColumn column, double value)
    {
        if (!double.IsFinite(value))
        {
            return "no data";
        }

        return column.Unit switch
        {
            "count" => Format.Integer((long)value),
            "s" => Format.Seconds(value),
            "fraction" => Format.Percent(value),
            _ => Format.Significant(value),
        };
    }

    private static void SloTable(StringBuilder h, IReadOnlyList<SloVerdict> verdicts, IReadOnlyList<string> unjudged)
    {
        h.Append("<section id=\"slos\">\n<h2>SLO verdicts</h2>\n");
        if (unjudged.Count > 0)
        {
            // Say what is missing rather than let a PASS banner suggest everything was checked.
            h.Append("<p class=\"hint\" id=\"unjudged\">Not judged, because this run has no results for them: ")
                .Append(E(string.Join("; ", unjudged))).Append(".</p>\n");
        }

        if (verdicts.Count == 0)
        {
            h.Append("<p>No SLO is set for any text class.</p>\n</section>\n");
            return;
        }

        h.Append("<table>\n<thead><tr><th>Class</th><th>Metric</th><th>Percentile</th><th class=\"num\">Target</th>")
            .Append("<th class=\"num\">Measured</th><th class=\"num\">Observations</th><th>Verdict</th></tr></thead>\n<tbody>\n");
        foreach (var v in verdicts)
        {
            var (css, word) = v.Outcome switch
            {
                SloOutcome.Pass => ("pass", "PASS"),
                SloOutcome.Fail => ("fail", "FAIL"),
                _ => ("nodata", "NO DATA"),
            };
            h.Append("<tr class=\"slo ").Append(css).Append("\"><td>").Append(E(v.Class)).Append("</td><td>").Append(MetricName(v.Metric))
                .Append("</td><td>p").Append(Format.Significant(v.Percentile)).Append("</td><td class=\"num\">").Append(E(Format.Seconds(v.TargetSeconds)))
                .Append("</td><td class=\"num\">").Append(v.MeasuredSeconds is { } m ? E(Format.Seconds(m)) : "—")
                .Append("</td><td class=\"num\">").Append(Format.Integer(v.Observations))
                .Append("</td><td class=\"verdict-cell\">").Append(word)
                .Append(v.WithinResolution ? " <span class=\"hint\">(within measurement resolution)</span>" : "")
                .Append("</td></tr>\n");
        }

        h.Append("</tbody>\n</table>\n</section>\n");
    }

    private static List<string> Unjudged(ServingResult result, Scenario? scenario)
        => scenario?.Workloads
            .Where(w => result.Classes.All(c => c.Name != w.Name) && result.Kinds.All(k => k.Classes.All(c => c.Name != w.Name)) && SloText(w.Slo) != "none")
            .Select(w => $"{w.Name} ({w.Kind.ToString().ToLowerInvariant()}: {SloText(w.Slo)})")
            .ToList() ?? [];

    /// <summary>Every other workload kind's classes (video, avatar, image, ...), as the kind describes its table, each judged against its own SLO.</summary>
    private static void Kinds(StringBuilder h, ServingResult result)
    {
        foreach (var kind in result.Kinds)
        {
            if (kind.Table.Rows.Count == 0)
            {
                continue;
            }

            h.Append("<section id=\"kind-").Append(E(kind.Kind)).Append("\">\n<h2>").Append(E(char.ToUpperInvariant(kind.Kind[0]) + kind.Kind[1..])).Append(" classes</h2>\n");
            string[] headers = [kind.Table.Title, .. kind.Table.Columns.Select(c => c.Header), "SLO attainment", "SLO", "Cost USD"];
            Table(h, headers, kind.Table.Rows.Select((row, i) =>
            {
                var c = kind.Classes[i];
                return (string[])[row.Name, .. row.Cells, c.Completed == 0 ? "no data" : Format.Percent(c.SloAttainment), c.Completed == 0 ? "no data" : c.MeetsSlo ? "met" : "missed",
                    Format.Significant(c.CostUsd)];
            }), numeric: i => i >= 1);
            h.Append("</section>\n");
        }
    }

    private static void Replicas(StringBuilder h, ServingResult result)
    {
        h.Append("<section id=\"replicas\">\n<h2>Replicas</h2>\n");
        Table(h, ["Replica", "Pool", "Role", "Accelerators", "Busy", "Mean batch", "Max batch", "Mean KV occupancy", "Mean queue", "Iterations", "Preemptions", "Prefix hit rate"],
            result.Replicas.Select(r => new[]
            {
                I(r.Index), r.Pool, r.Role, I(r.Accelerators), Format.Percent(r.Utilization), Format.Significant(r.MeanBatchSize),
                Format.Significant(r.MaxBatchSize), Format.Percent(r.MeanKvOccupancy), Format.Significant(r.MeanQueueLength),
                Format.Integer(r.Iterations), Format.Integer(r.Preemptions), Format.Percent(r.PrefixHitRate),
            }), numeric: i => i >= 3);
        h.Append("</section>\n");
    }

    /// <summary>What each autoscaled pool's scaler did (the CLI's autoscaling lines, summary.json's autoscaling section).</summary>
    private static void Autoscaling(StringBuilder h, ServingResult result)
    {
        if (result.Autoscaling is not { Count: > 0 } pools)
        {
            return;
        }

        h.Append("<section id=\"autoscaling\">\n<h2>Autoscaling</h2>\n");
        Table(h, ["Pool", "Cold starts", "Reactivations", "Scale-downs", "Mean replicas serving", "Replica-hours asleep", "Requests waited for a cold start", "Cold-start seconds"],
            pools.Select(p => new[]
            {
                p.Pool, Format.Integer(p.ScaleUps), Format.Integer(p.Reactivations), Format.Integer(p.ScaleDowns), Format.Significant(p.MeanRunningReplicas),
                Format.Significant(p.SleepingReplicaHours), Format.Integer(p.RequestsWaited), Format.Significant(p.ColdStarts.Sum(c => ClusterSim.Engine.Core.SimTime.ToSeconds(c.ReadyNs - c.StartNs))),
            }), numeric: i => i >= 1);
        h.Append("</section>\n");
    }

    internal static void Figures(StringBuilder h, IReadOnlyList<Chart> charts)
    {
        h.Append("<section id=\"charts\">\n<h2>Charts</h2>\n");
        foreach (var chart in charts)
        {
            h.Append("<figure id=\"chart-").Append(E(chart.Name)).Append("\">\n").Append(chart.SvgElement()).Append('\n')
                .Append("<figcaption>").Append(E(chart.Title)).Append("</figcaption>\n</figure>\n");
        }

        h.Append("</section>\n");
    }

    internal static void Table(StringBuilder h, string[] headers, IEnumerable<string[]> rows, Func<int, bool> numeric)
    {
        h.Append("<table>\n<thead><tr>");
        for (var i = 0; i < headers.Length; i++)
        {
            h.Append(numeric(i) ? "<th class=\"num\">" : "<th>").Append(E(headers[i])).Append("</th>");
        }

        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            h.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                h.Append(numeric(i) ? "<td class=\"num\">" : "<td>").Append(E(row[i])).Append("</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</tbody>\n</table>\n");
    }

    private static string I(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static string E(string text) => WebUtility.HtmlEncode(text);

    private static string MetricName(string metric) => metric switch
    {
        "ttft" => "TTFT (time to first token)",
        "tbt" => "TBT (each gap between tokens)",
        "tpot" => "TPOT (mean time per output token)",
        "e2e" => "E2E (end to end)",
        _ => E(metric),
    };

    /// <summary>The tensor-parallel degree, with how a mixture of experts uses the group when it is not plain tensor parallelism.</summary>
    private static string TensorCell(ClusterSim.Scenarios.DeploymentSpec d)
        => d.AttentionDataParallel ? $"{I(d.Tp)} (attention dp, ep {I(d.ExpertParallel)})"
            : d.ExpertParallel > 1 ? $"{I(d.Tp)} (ep {I(d.ExpertParallel)})" : I(d.Tp);

    private static string ArrivalKind(ArrivalSpec arrival)
    {
        var name = arrival.GetType().Name;
        return (name.EndsWith("Arrival", StringComparison.Ordinal) ? name[..^"Arrival".Length] : name).ToLowerInvariant();
    }

    private static string SloText(SloSpec slo)
    {
        var parts = new List<string>();
        void Add(string key, double? seconds)
        {
            if (seconds is { } s)
            {
                parts.Add($"{key} ≤ {Format.Seconds(s)}");
            }
        }

        Add("ttft", slo.TtftSeconds);
        Add("tbt", slo.TbtSeconds);
        Add("tpot", slo.TpotSeconds);
        Add("e2e", slo.E2eSeconds);
        Add("deadline", slo.DeadlineSeconds);
        Add("frame deadline", slo.FrameDeadlineSeconds);
        Add("startup", slo.StartupSeconds);
        return parts.Count == 0 ? "none" : string.Join(", ", parts) + $" at p{Format.Significant(slo.Percentile)}";
    }

    // System fonts only: nothing to fetch. Chart text falls back to a similar sans if DejaVu Sans
    // is not installed (the glyph positions in the SVG are fixed either way).
    internal const string Css = """
        :root { --pass: #1a7f37; --fail: #cf222e; --nodata: #9a6700; --line: #d0d7de; --muted: #57606a; }
        body { font-family: "DejaVu Sans", Verdana, "Bitstream Vera Sans", sans-serif; color: #1f2328; margin: 0; background: #f6f8fa; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px; background: #fff; }
        h1 { font-size: 1.6em; margin-top: 0; }
        h2 { border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 2em; }
        .description { color: var(--muted); }
        .verdict { font-size: 1.25em; font-weight: bold; padding: 10px 14px; border-radius: 6px; color: #fff; }
        .verdict.pass { background: var(--pass); }
        .verdict.fail { background: var(--fail); }
        .verdict.nodata, .verdict.none { background: var(--nodata); }
        table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.85em; display: block; overflow-x: auto; }
        th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; white-space: nowrap; }
        thead th { background: #f6f8fa; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        table.kv th { background: #f6f8fa; font-weight: normal; color: var(--muted); }
        tr.slo.pass .verdict-cell { color: var(--pass); font-weight: bold; }
        tr.slo.fail .verdict-cell { color: var(--fail); font-weight: bold; }
        tr.slo.nodata .verdict-cell { color: var(--nodata); font-weight: bold; }
        .hint { color: var(--muted); font-size: 0.9em; font-weight: normal; }
        figure { margin: 16px 0; }
        figure svg { width: 100%; height: auto; border: 1px solid var(--line); }
        figure svg text { font-family: "DejaVu Sans", Verdana, "Bitstream Vera Sans", sans-serif; }
        figcaption { color: var(--muted); font-size: 0.9em; }
        footer { margin-top: 32px; color: var(--muted); font-size: 0.8em; }

        """;
}
