using System.Globalization;
using System.Text;
using System.Text.Json;
using ClusterSim.Analysis.Charts;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Analysis.Report;
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

        foreach (var s in AccuracySummary.Of(results))
        {
            w.AppendLine(Line(s));
            if (s.ByFigure.Count > 1)
            {
                Table(w, ["  by figure", "n", "median |error|", "criteria met"],
                    [.. s.ByFigure.Select(f => new[] { "  " + f.Figure, f.Count.ToString(Ic), Percent(f.MedianAbsoluteError), f.Criteria > 0 ? $"{f.Met} of {f.Criteria}" : "" })]);
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
        return bars.Count == 0 ? [] : [Chart.Bars("accuracy-by-figure", "Median absolute error of the checks, by figure", "median |simulated / measured - 1|, %", "checks", bars)];
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

    /// <summary>accuracy.json: every figure of every scenario, then the summaries.</summary>
    public static string Json(IReadOnlyList<AccuracyResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", SchemaVersion);
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
                w.WriteNumber("figures", s.Figures);
                w.WriteNumber("simulated", s.Simulated);
                FiniteJson.Write(w, "median_absolute_error", s.MedianAbsoluteError);
                FiniteJson.Write(w, "median_absolute_error_of_configurations", s.MedianOfConfigurations);
                w.WriteNumber("criteria", s.Criteria);
                w.WriteNumber("met", s.Met);
                w.WriteStartArray("by_figure");
                foreach (var f in s.ByFigure)
                {
                    w.WriteStartObject();
                    w.WriteString("figure", f.Figure);
                    w.WriteNumber("figures", f.Count);
                    w.WriteNumber("simulated", f.Simulated);
                    FiniteJson.Write(w, "median_absolute_error", f.MedianAbsoluteError);
                    w.WriteNumber("criteria", f.Criteria);
                    w.WriteNumber("met", f.Met);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
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

    /// <summary>A figure's name short enough for a bar's tick label (the latency names are already).</summary>
    private static string ChartLabel(string figure) => figure switch
    {
        "throughput_rps" => "req/s",
        "goodput_rps" => "goodput",
        "output_tokens_per_s" => "tok/s",
        "running_sequences_per_replica" => "running",
        "requests_in_system_per_replica" => "in system",
        "mean_step" => "step",
        "it_power_kw" => "IT kW",
        MeasuredFigures.Capacity => "capacity",
        _ => figure,
    };

    private static string Role(MeasuredRole role) => role == MeasuredRole.Check ? "check" : "fit";

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
