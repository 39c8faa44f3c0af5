using System.Globalization;
using System.Text;
using System.Text.Json;
using ClusterSim.Analysis.Charts;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Analysis.Report;
using ClusterSim.Model.Performance;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Accuracy;

/// <summary>
/// The accuracy report of one or more scenarios against their measurements: a text table per scenario and a summary per
/// role (checks apart from fits), accuracy.json and accuracy.csv. Fixed key and row order, invariant numbers: equal runs
/// give equal bytes.
/// </summary>
public static class AccuracyReport
{
    private static readonly CultureInfo Ic = CultureInfo.InvariantCulture;

    /// <summary>Layout version of accuracy.json.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The table <c>clustersim accuracy</c> prints.</summary>
    public static string Text(IReadOnlyList<AccuracyResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var w = new StringBuilder();
        foreach (var r in results)
        {
            w.Append(Ic, $"{r.Scenario}{(r.Row is { } row ? $" [{row}]" : "")} ({Role(r.Measured.Role)}, workload {r.Measured.Workload})");
            w.AppendLine(r.Measured.Source is { } source ? $": {source}" : "");
            var rows = r.Figures.Select(f => new[]
            {
                f.Name, Value(f, f.Measured), Value(f, f.Simulated), ErrorText(f.Error),
                f.Within is { } within ? "±" + Format.Percent(within) : "", f.Met switch { true => "met", false => "NOT MET", null => "" },
                f.Note ?? "",
            }).ToList();
            Table(w, ["figure", "measured", "simulated", "error", "criterion", "verdict", "note"], rows);
            w.AppendLine();
        }

        if (TailInSteps.Of(results) is { Count: > 0 } tails)
        {
            // The step's own error cancelled: how the queue around it shapes the first-token tail (TailInSteps).
            w.AppendLine("first-token tail in steps (p99 TTFT / p50 TPOT) of the checks with both, measured against simulated:");
            Table(w, ["  scenario", "stack", "measured", "simulated", "error", "p50 TPOT error"],
                [.. tails.Select(t => new[]
                {
                    "  " + t.Scenario + (t.CaseRow is { } row ? $" [{row}]" : ""), t.Stack, t.MeasuredSteps.ToString("0.00", Ic), t.SimulatedSteps.ToString("0.00", Ic),
                    ErrorText(t.Error), ErrorText(t.TpotError),
                })]);
            var within = tails.Count(t => Math.Abs(t.Error) <= TailInSteps.Band);
            w.AppendLine(Ic, $"  median |error| {Percent(AccuracySummary.Median(tails.Select(t => Math.Abs(t.Error))))} over {tails.Count}; within {Format.Percent(TailInSteps.Band)}: {within}");
            w.AppendLine();
        }

        foreach (var s in AccuracySummary.Of(results))
        {
            w.AppendLine(Line(s));
            if (s.ByFigure.Count > 1)
            {
                Table(w, ["  by figure", "n", "median |error|", "criteria met"],
                    [.. s.ByFigure.Select(f => new[] { "  " + f.Figure, f.Count.ToString(Ic), Percent(f.MedianAbsoluteError), f.Criteria > 0 ? $"{f.Met} of {f.Criteria}" : "" })]);
            }

            if (s.Role != MeasuredRole.Check)
            {
                continue;
            }

            foreach (var grouping in AccuracyGroups.Names)
            {
                var groups = AccuracyGroups.Summaries(results, grouping);
                if (groups.Count > 1)
                {
                    Table(w, ["  by " + grouping, "configurations", "figures", "median |error|", "criteria met"], [.. groups.Select(g => GroupRow("  " + g.Group, g.Checks))]);
                }
            }
        }

        return w.ToString();
    }

    /// <summary>
    /// The chart <c>clustersim accuracy</c> draws: the checks' median absolute error by figure, in percent (fits are no
    /// evidence and are left out). None when no check has a simulated figure.
    /// </summary>
    public static IReadOnlyList<Chart> Charts(IReadOnlyList<AccuracyResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var checks = AccuracySummary.Of(results).FirstOrDefault(s => s.Role == MeasuredRole.Check);
        var bars = checks?.ByFigure.Where(f => f.Simulated > 0).Select(f => (Label: ChartLabel(f.Figure), Value: 100 * f.MedianAbsoluteError)).ToList() ?? [];
        if (bars.Count == 0)
        {
            return [];
        }

        // Every checked figure against its measurement: the rates on one chart, the durations on another, a series per
        // figure (latencies per family), so a reader sees where the model is fast or slow and by how much.
        var figures = results.Where(r => r.Measured.Role == MeasuredRole.Check).SelectMany(r => r.Figures).Where(f => !f.NotRun && double.IsFinite(f.Simulated)).ToList();
        Chart Against(string name, string title, string unit, IEnumerable<FigureComparison> chosen)
            => Chart.Against(name, title, $"measured, {unit}", $"simulated, {unit}",
                chosen.GroupBy(f => Series(f.Name)).Select(g => new ChartSeries(g.Key, [.. g.Select(f => f.Measured)], [.. g.Select(f => f.Simulated)])), 0.10);
        var charts = new List<Chart>
        {
            Chart.Bars("accuracy-by-figure", "Median absolute error of the checks, by figure", "median |simulated / measured - 1|, %", "checks", bars),
        };
        if (figures.Any(f => !f.Seconds))
        {
            charts.Add(Against("accuracy-rates", "Checked rates and counts: simulated against measured", "figure's unit", figures.Where(f => !f.Seconds)));
        }

        if (figures.Any(f => f.Seconds))
        {
            charts.Add(Against("accuracy-durations", "Checked durations: simulated against measured", "seconds", figures.Where(f => f.Seconds)));
        }

        return charts;
    }

    /// <summary>
    /// A self-contained HTML page (inline CSS and SVG charts, no script, no request to anything) to forward: the verdict
    /// of the checks' criteria, the fitted overrides when there was a fit, the summaries by role, figure, accelerator,
    /// stack and architecture, the charts, and every figure of every case with its source. Deterministic: the same
    /// results give the same bytes.
    /// </summary>
    public static string Html(IReadOnlyList<AccuracyResult> results, IReadOnlyList<Chart> charts, FitResult? fit = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(charts);
        var h = new StringBuilder(64 * 1024);
        var summaries = AccuracySummary.Of(results);
        var checks = summaries.FirstOrDefault(s => s.Role == MeasuredRole.Check);
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>ClusterSim accuracy</title>\n<style>\n").Append(HtmlReport.Css).Append("</style>\n</head>\n<body>\n<main>\n");
        h.Append(Ic, $"<h1>ClusterSim accuracy: {results.Select(r => r.Configuration).Distinct().Count()} configuration(s) against their measurements</h1>\n");
        var (css, verdict) = checks is null ? ("none", "No check: every figure here is a fit, which is no evidence.")
            : checks.Criteria == 0 ? ("none", "No check carries a criterion: the errors are reported, not judged.")
            : checks.Met == checks.Criteria ? ("pass", $"PASS: all {checks.Criteria} criteria of the checks met.")
            : ("fail", $"{checks.Criteria - checks.Met} of {checks.Criteria} criteria of the checks missed.");
        h.Append("<p class=\"verdict ").Append(css).Append("\" id=\"verdict\">").Append(HtmlReport.E(verdict)).Append("</p>\n");

        if (fit is not null)
        {
            h.Append("<section id=\"fit\">\n<h2>Fitted overrides</h2>\n<p>").Append(HtmlReport.E(string.Create(Ic,
                $"{fit.Parameters.Count} override(s) fitted to {fit.Figures} figure(s) of role fit ({fit.Evaluations} points run), started from {fit.StartedFrom}: rms ln(simulated / measured) {fit.StartError:0.000} at the start, {fit.FittedError:0.000} fitted. Every case below ran with them; the fits are in sample, the checks say how the fit generalises.")))
                .Append("</p>\n");
            HtmlReport.Table(h, ["override", "start", "fitted"], fit.Parameters.Select(p => new[] { p.Name, FitValue(p, p.Start), FitValue(p, p.Value) }), i => i > 0);
            h.Append("</section>\n");
        }

        h.Append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        foreach (var s in summaries)
        {
            h.Append("<p>").Append(HtmlReport.E(Capital(Line(s)))).Append(".</p>\n");
            HtmlReport.Table(h, ["figure", "n", "median |error|", "criteria met"],
                s.ByFigure.Select(f => new[] { f.Figure, f.Count.ToString(Ic), Percent(f.MedianAbsoluteError), f.Criteria > 0 ? $"{f.Met} of {f.Criteria}" : "" }),
                i => i is 1 or 2);
        }

        foreach (var grouping in AccuracyGroups.Names)
        {
            var groups = AccuracyGroups.Summaries(results, grouping);
            if (groups.Count > 1)
            {
                h.Append("<h3>Checks by ").Append(HtmlReport.E(grouping)).Append("</h3>\n");
                HtmlReport.Table(h, [grouping, "configurations", "figures", "median |error|", "criteria met"], groups.Select(g => GroupRow(g.Group, g.Checks)), i => i is 1 or 2 or 3);
            }
        }

        h.Append("<p class=\"hint\">The error is simulated / measured - 1. A check is a figure no factor of the model was set from; ")
            .Append("a fit is one a factor was set from (in sample), reported apart and no evidence. A configuration is a file with its rows.</p>\n</section>\n");
        HtmlReport.Figures(h, charts);

        h.Append("<section id=\"figures\">\n<h2>Every figure</h2>\n");
        foreach (var r in results)
        {
            h.Append("<h3>").Append(HtmlReport.E(r.Scenario + (r.Row is { } row ? $" [{row}]" : ""))).Append(" <span class=\"hint\">")
                .Append(HtmlReport.E($"{Role(r.Measured.Role)}, workload {r.Measured.Workload}")).Append("</span></h3>\n");
            if (r.Measured.Source is { } source)
            {
                h.Append("<p class=\"description\">").Append(HtmlReport.E(source)).Append("</p>\n");
            }

            HtmlReport.Table(h, ["figure", "measured", "simulated", "error", "criterion", "verdict", "note"],
                r.Figures.Select(f => new[]
                {
                    f.Name, Value(f, f.Measured), Value(f, f.Simulated), ErrorText(f.Error), f.Within is { } within ? "±" + Format.Percent(within) : "",
                    f.Met switch { true => "met", false => "NOT MET", null => "" }, f.Note ?? "",
                }),
                i => i is 1 or 2 or 3);
        }

        h.Append("</section>\n<footer>Written by ClusterSim (clustersim accuracy). Each case ran at its scenario's seed; a capacity is the ")
            .Append("highest rate meeting the workload's own SLO, searched as clustersim capacity searches it. Self-contained: no script, no external resource.</footer>\n");
        h.Append("</main>\n</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>The series a figure is drawn in: a latency by its family (ttft, tpot, time_to_video), any other by its name.</summary>
    private static string Series(string figure)
    {
        var split = figure.LastIndexOf('_');
        return split > 0 && MeasuredFigures.LatencyStats.Contains(figure[(split + 1)..]) ? figure[..split] : figure;
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>
    /// What <c>accuracy --fit</c> prints before the cases: each override from its start to its fitted value, the error
    /// over the fit figures before and after, and the overrides as a scenario and a command line would write them.
    /// </summary>
    public static string FitText(FitResult fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var w = new StringBuilder();
        w.Append(Ic, $"fit: {fit.Parameters.Count} override(s) to {fit.Figures} figure(s) of role fit, {fit.Evaluations} points run; ");
        w.AppendLine(Ic, $"rms ln(simulated / measured) {fit.StartError:0.000} at the start, {fit.FittedError:0.000} fitted");
        w.AppendLine($"  started from {fit.StartedFrom}; the fitted values apply to every deployment of every case");
        Table(w, ["  override", "start", "fitted"], [.. fit.Parameters.Select(p => new[] { "  " + p.Name, FitValue(p, p.Start), FitValue(p, p.Value) })]);
        w.AppendLine(Ic, $"  in the scenario: execution_model: {{{string.Join(", ", fit.Parameters.Select(p => $"{p.Name}: {(p.Seconds ? (p.Value * 1e3).ToString("0.######", Ic) + "ms" : p.Value.ToString("R", Ic))}"))}}}");
        w.AppendLine(Ic, $"  or: {string.Join(" ", fit.Sets.Select(s => "--set " + s))}");
        w.AppendLine("  every case below ran with these; the fits are in sample, the checks say how the fit generalises");
        w.AppendLine();
        return w.ToString();
    }

    /// <summary>One summary as a sentence.</summary>
    public static string Line(AccuracySummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var what = s.Role == MeasuredRole.Check ? "checks" : "fits (in sample: a factor was set from these figures, so they are no evidence for it)";
        var criteria = s.Criteria > 0 ? $", {s.Met} of {s.Criteria} criteria met" : "";
        return string.Create(Ic,
            $"{what}: {s.Files} configuration(s), {s.Figures} figure(s), median absolute error {Percent(s.MedianAbsoluteError)} over the figures, " +
            $"{Percent(s.MedianOfConfigurations)} over the configurations{criteria}{(s.Simulated < s.Figures ? $"; {s.Figures - s.Simulated} figure(s) without a simulated value" : "")}");
    }

    /// <summary>accuracy.json: the fit when there was one, every figure of every scenario, then the summaries.</summary>
    public static string Json(IReadOnlyList<AccuracyResult> results, FitResult? fit = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", SchemaVersion);
            if (fit is not null)
            {
                w.WriteStartObject("fit");
                w.WriteNumber("figures", fit.Figures);
                w.WriteNumber("points", fit.Evaluations);
                w.WriteString("started_from", fit.StartedFrom);
                FiniteJson.Write(w, "start_rms_log_error", fit.StartError);
                FiniteJson.Write(w, "fitted_rms_log_error", fit.FittedError);
                w.WriteStartArray("overrides");
                foreach (var p in fit.Parameters)
                {
                    w.WriteStartObject();
                    w.WriteString("name", p.Name);
                    w.WriteString("unit", p.Seconds ? "s" : "fraction");
                    w.WriteNumber("start", p.Start);
                    w.WriteNumber("fitted", p.Value);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteStartArray("scenarios");
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("scenario", r.Scenario);
                w.WriteString("configuration", r.Configuration);
                if (r.Row is not null)
                {
                    w.WriteString("row", r.Row);
                }

                w.WriteString("role", Role(r.Measured.Role));
                w.WriteString("workload", r.Measured.Workload);
                if (r.Measured.Source is not null)
                {
                    w.WriteString("source", r.Measured.Source);
                }

                if (r.Groups.Count > 0)
                {
                    w.WriteStartObject("ran_on");
                    foreach (var grouping in AccuracyGroups.Names.Where(r.Groups.ContainsKey))
                    {
                        w.WriteString(grouping, r.Groups[grouping]);
                    }

                    w.WriteEndObject();
                }

                FiniteJson.Write(w, "median_absolute_error", r.MedianAbsoluteError);
                WriteFigures(w, r.Figures);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("summary");
            foreach (var s in AccuracySummary.Of(results))
            {
                w.WriteStartObject();
                w.WriteString("role", Role(s.Role));
                w.WriteNumber("configurations", s.Files);
                Counts(w, s.Figures, s.Simulated, s.MedianAbsoluteError, s.Criteria, s.Met);
                FiniteJson.Write(w, "median_absolute_error_of_configurations", s.MedianOfConfigurations);
                w.WriteStartArray("by_figure");
                foreach (var f in s.ByFigure)
                {
                    w.WriteStartObject();
                    w.WriteString("figure", f.Figure);
                    Counts(w, f.Count, f.Simulated, f.MedianAbsoluteError, f.Criteria, f.Met);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("checks_by");
            foreach (var grouping in AccuracyGroups.Names)
            {
                w.WriteStartArray(grouping);
                foreach (var (group, s) in AccuracyGroups.Summaries(results, grouping))
                {
                    w.WriteStartObject();
                    w.WriteString("group", group);
                    w.WriteNumber("configurations", s.Files);
                    Counts(w, s.Figures, s.Simulated, s.MedianAbsoluteError, s.Criteria, s.Met);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The counts every summary object of accuracy.json carries, in one order.</summary>
    private static void Counts(Utf8JsonWriter w, int figures, int simulated, double medianAbsoluteError, int criteria, int met)
    {
        w.WriteNumber("figures", figures);
        w.WriteNumber("simulated", simulated);
        FiniteJson.Write(w, "median_absolute_error", medianAbsoluteError);
        w.WriteNumber("criteria", criteria);
        w.WriteNumber("met", met);
    }

    /// <summary>The figures as a JSON array under <c>figures</c> (also summary.json's <c>measured</c> section).</summary>
    public static void WriteFigures(Utf8JsonWriter w, IReadOnlyList<FigureComparison> figures)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(figures);
        w.WriteStartArray("figures");
        foreach (var f in figures)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("unit", Unit(f.Name));
            w.WriteNumber("measured", f.Measured);
            FiniteJson.Write(w, "simulated", f.Simulated);
            FiniteJson.Write(w, "error", f.Error);
            if (f.Within is { } within)
            {
                w.WriteNumber("within", within);
            }

            if (f.Met is { } met)
            {
                w.WriteBoolean("met", met);
            }

            if (f.Note is not null)
            {
                w.WriteString("note", f.Note);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>accuracy.csv: one row per figure.</summary>
    public static string Csv(IReadOnlyList<AccuracyResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var w = new StringBuilder("scenario,row,role,workload,figure,unit,measured,simulated,error,within,met\n");
        foreach (var r in results)
        {
            foreach (var f in r.Figures)
            {
                w.Append(Ic, $"{Csv(r.Scenario)},{Csv(r.Row ?? "")},{Role(r.Measured.Role)},{Csv(r.Measured.Workload)},{f.Name},{Unit(f.Name)},");
                w.Append(Ic, $"{f.Measured:R},{Number(f.Simulated)},{Number(f.Error)},{(f.Within is { } x ? x.ToString("R", Ic) : "")},{(f.Met is { } met ? (met ? "true" : "false") : "")}\n");
            }
        }

        return w.ToString();
    }

    /// <summary>
    /// The validation record (<see cref="ValidationRecord"/>): every figure with what its case ran on, so that runs can say
    /// how their own kind of deployment read. Checks and fits both, each marked.
    /// </summary>
    public static string Record(IReadOnlyList<AccuracyResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        string Group(AccuracyResult r, string name) => r.Groups.TryGetValue(name, out var value) ? value : "";
        return ValidationRecord.Write(results.SelectMany(r => r.Figures.Select(f => new ValidationRecordRow(
            r.Scenario,
            r.Row ?? "",
            r.Measured.Role == MeasuredRole.Check,
            Group(r, "accelerator"),
            Group(r, "stack"),
            Group(r, "architecture"),
            f.Name,
            ValidationRecord.Family(f.Name, Unit(f.Name)),
            f.Measured,
            f.NotRun ? double.NaN : f.Simulated,
            f.NotRun ? double.NaN : f.Error))));
    }

    /// <summary>A figure's name short enough for a bar's tick label (the latency names are already).</summary>
    private static string ChartLabel(string figure) => figure switch
    {
        "throughput_rps" => "req/s",
        "goodput_rps" => "goodput",
        "output_tokens_per_s" => "tok/s",
        "running_sequences_per_replica" => "running",
        "requests_in_system_per_replica" => "in system",
        "mean_step" => "step",
        "preemptions" => "preempted",
        "it_power_kw" => "IT kW",
        MeasuredFigures.Capacity => "capacity",
        _ => figure,
    };

    private static string Role(MeasuredRole role) => role == MeasuredRole.Check ? "check" : "fit";

    private static string[] GroupRow(string label, AccuracySummary s)
        => [label, s.Files.ToString(Ic), s.Figures.ToString(Ic), Percent(s.MedianAbsoluteError), s.Criteria > 0 ? $"{s.Met} of {s.Criteria}" : ""];

    private static string FitValue(FitParameter p, double value) => p.Seconds ? Format.Seconds(value) : value.ToString("0.####", Ic);

    private static string Unit(string figure) => MeasuredFigures.Kind(figure).Unit;

    private static string Value(FigureComparison f, double value)
        => double.IsNaN(value) ? "-" : f.Seconds ? Format.Seconds(value) : Format.Significant(value);

    private static string ErrorText(double error) => double.IsNaN(error) ? "-" : error.ToString("+0.0 %;-0.0 %;0.0 %", Ic);

    private static string Percent(double fraction) => double.IsNaN(fraction) ? "-" : (fraction * 100).ToString("0.0", Ic) + " %";

    private static string Number(double value) => double.IsNaN(value) ? "" : value.ToString("R", Ic);

    private static string Csv(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;

    private static void Table(StringBuilder w, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        void Row(string[] cells) => w.AppendLine(string.Join("  ", cells.Select((c, i) => i is 1 or 2 or 3 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        Row(header);
        foreach (var r in rows)
        {
            Row(r);
        }
    }
}
