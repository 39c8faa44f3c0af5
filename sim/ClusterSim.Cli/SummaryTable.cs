using ClusterSim.Model.Serving;
using System.Globalization;
using ClusterSim.Analysis.Metrics;
using ClusterSim.Model.Serving.Cluster;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ClusterSim.Cli;

/// <summary>
/// The terminal summary of a run: one row per class and overall, the registry's table columns with their unit in
/// the header (latencies in ms), then every other kind's table. Rendered with Spectre.Console, without colour or
/// escape codes, so what lands in a file or a pipe is plain text; class names are never cut.
/// </summary>
internal static class SummaryTable
{
    /// <summary>Width the tables are laid out in: wide enough that no cell wraps, so every row is one line.</summary>
    public const int UnboundedWidth = 4096;

    public static void Print(TextWriter w, ServingResult result, IReadOnlyList<string> notes)
    {
        w.WriteLine($"scenario {result.Name}, seed {result.Seed}: {result.SimulatedNs / 1e9:F1} s simulated, {result.Events:N0} events in {result.WallSeconds:F2} s wall");
        foreach (var note in notes)
        {
            w.WriteLine("  note: " + note);
        }

        if (result.Classes.Count > 0)
        {
            w.WriteLine();
            var columns = MetricRegistry.TableColumns.Select(Cell.For).ToList();
            var table = NewTable("class", columns.Select(c => c.Header));
            foreach (var c in result.Classes.Append(result.Overall))
            {
                var input = new MetricInput(result, c);
                table.AddRow([new Text(c.Name), .. columns.Select(column => new Text(column.Format(input)))]);
            }

            Write(w, table);
        }

        MultimodalRows(w, result);
        var accelerators = result.Replicas.Sum(r => r.Accelerators);
        var utilization = double.IsNaN(result.AcceleratorUtilization) ? 0 : result.AcceleratorUtilization;
        var text = result.TextReplicas.ToList();
        w.WriteLine();
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replicas {result.Replicas.Count}, accelerators {accelerators}, busy {utilization:P1}")
            + (text.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
                $", mean batch {text.Average(r => r.MeanBatchSize):F1}, KV occupancy {text.Average(r => r.MeanKvOccupancy):P1}, preemptions {text.Sum(r => r.Preemptions)}")));
        BusyTime(w, result);
        Facility(w, result);
    }

    /// <summary>
    /// Renders <paramref name="table"/> with no colour and no cursor codes, then drops the padding Spectre leaves at line
    /// ends and starts, and its blank border lines, so a log or a test reads one row per line. The width is unbounded even
    /// on a terminal: a figure wrapped inside its cell ("100." over "0") misreads worse than a long line the terminal folds.
    /// </summary>
    internal static void Write(TextWriter w, Table table)
    {
        var buffer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(buffer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = UnboundedWidth;
        console.Write(table);

        // Also the margin Spectre puts before the first column: rows start with the class name, as before.
        var lines = buffer.ToString().Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        // (the rule under the header spans the margin too, and loses as much of it).
        var margin = lines.Where(l => l.Any(char.IsLetterOrDigit)).Select(l => l.Length - l.TrimStart(' ').Length).DefaultIfEmpty(0).Min();
        foreach (var line in lines)
        {
            w.WriteLine(line.Length > margin ? line[margin..] : line);
        }
    }

    /// <summary>A table whose first column holds names (never wrapped or cut) and the others right-aligned figures.</summary>
    internal static Table NewTable(string nameHeader, IEnumerable<string> headers)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn(new Text(nameHeader)).NoWrap());
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)).RightAligned().NoWrap());
        }

        return table;
    }

    /// <summary>Every other workload kind's classes (video, avatar, image, ...), each against its own target, as the kind describes its table.</summary>
    private static void MultimodalRows(TextWriter w, ServingResult result)
    {
        foreach (var kind in result.Kinds)
        {
            var source = kind.Table;
            if (source.Rows.Count == 0)
            {
                continue;
            }

            w.WriteLine();
            var table = NewTable(source.Title, source.Columns.Select(c => c.Header));
            foreach (var (name, cells) in source.Rows)
            {
                table.AddRow([new Text(name), .. cells.Select(cell => (IRenderable)new Text(cell))]);
            }

            Write(w, table);
        }
    }

    /// <summary>Where each LLM deployment's busy time went, largest part first (summary.json's busy_time).</summary>
    private static void BusyTime(TextWriter w, ServingResult result)
    {
        foreach (var e in result.Execution)
        {
            if (Analysis.Summaries.BusyTime.Of(result, e.Deployment) is { ReplicaSeconds: > 0 } busy)
            {
                var parts = busy.Parts.Where(p => p.Seconds > 0).OrderByDescending(p => p.Seconds)
                    .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name.Replace('_', ' ')} {busy.Share(p.Seconds):P1}"));
                w.WriteLine($"busy time of {e.Deployment}: {string.Join(", ", parts)}");
            }
        }
    }

    /// <summary>Energy, cost and autoscaling lines, when the run had a facility.</summary>
    private static void Facility(TextWriter w, ServingResult result)
    {
        if (result.Facility is { } f)
        {
            var e = f.Energy;
            var c = f.Cost;
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"energy: IT {e.ItKwh:F2} kWh, facility {e.FacilityKwh:F2} kWh, mean PUE {e.MeanPue:F3}, IT power mean {e.MeanItKw:F1} kW peak {e.PeakItKw:F1} kW{(e.SiteCapKw is { } cap ? $" (site cap {cap:F1} kW)" : "")}, throttled {e.ThrottledNodeHours * 3600:F0} node-s in {e.ThrottleIntervals} stretches, max {e.MaxAcceleratorTempC:F1} °C, mean busy clock {e.MeanBusyClock:P1}"));
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cost ({c.Basis}): total {c.TotalUsd:F2} USD (energy {c.EnergyUsd:F2}, capital {c.CapexUsd:F2}, other {c.OpexUsd:F2}), {c.UsdPerHour:F2} USD/h, {(c.UsdPerMillionOutputTokens is { } m ? $"{m:F3} USD per million output tokens" : "no output tokens")}{(c.UsdPerVideoSecond is { } v ? $", {v:F4} USD per second of video" : "")}{(c.UsdPerAvatarHour is { } a ? $", {a:F3} USD per avatar stream-hour" : "")}"));
            foreach (var p in c.Pools)
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"cost pool {p.Pool}: {p.TotalUsd:F2} USD ({p.Accelerators} accelerators, {p.ItKwh:F2} kWh IT), busy {p.BusyShare:P1}, of it idle {p.IdleUsd:F2} USD"));
            }
        }

        foreach (var p in result.Autoscaling ?? [])
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"autoscaling {p.Pool}: {p.ScaleUps} cold starts, {p.Reactivations} reactivations, {p.ScaleDowns} scale-downs, mean {p.MeanRunningReplicas:F2} replicas serving, {p.SleepingReplicaHours:F2} replica-hours asleep, {p.RequestsWaited} requests waited for a cold start"));
        }
    }

    /// <summary>
    /// A text column of the table, from the registry: its header names the unit it is shown in
    /// (latencies in milliseconds, shares in percent), and a figure with no data reads "-", never 0.
    /// </summary>
    private sealed record Cell(MetricColumn Column, string Header, double Scale, string NumberFormat)
    {
        public static Cell For(MetricColumn c) => c.Unit switch
        {
            "s" => new Cell(c, $"{c.Short} (ms)", 1e3, "F1"),
            "fraction" => new Cell(c, $"{c.Short} (%)", 100, "F1"),
            "count" => new Cell(c, c.Short, 1, "F0"),
            "tok/s" => new Cell(c, $"{c.Short} ({c.Unit})", 1, "F0"),
            _ => new Cell(c, $"{c.Short} ({c.Unit})", 1, "F2"),
        };

        public string Format(MetricInput input)
            => Column.Read(input) is var v && double.IsFinite(v) ? (v * Scale).ToString(NumberFormat, CultureInfo.InvariantCulture) : "-";
    }
}
