using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using ClusterSim.Analysis.Metrics;
using ScottPlot;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// The sweep charts, each as SVG and PNG: p99 latency against load with the SLO and its knee;
/// throughput against latency with the Pareto frontier; cost per million tokens against cluster
/// size. A chart is drawn only when the swept parameters give it an axis. Error bars are the
/// confidence half-widths when there are replications.
/// </summary>
internal static partial class SweepCharts
{
    public const int Width = 900;
    public const int Height = 560;

    public const string ParetoTitle = "Throughput against TTFT p99 (Pareto)";
    public const string CostTitle = "Cost per million output tokens against cluster size";

    // The charted figures, from the registry: their names, labels and units title the axes.
    private static readonly MetricColumn Tokens = MetricRegistry.OutputTokens.Column();
    private static readonly MetricColumn TtftP99 = MetricRegistry.Ttft.Column(LatencyStat.P99);
    private static readonly MetricColumn Cost = MetricRegistry.CostPerMillionTokens.Column();

    public static string LoadTitle(string label) => $"{label} p99 against load";

    public static IReadOnlyList<(string Name, byte[] Bytes)> Render(SweepView view)
    {
        ChartFont.Register();
        var files = new List<(string, byte[])>();
        if (view.LoadParameter >= 0)
        {
            foreach (var (metric, slo, charted) in SweepView.LoadMetrics)
            {
                // Drawn where some point has a class it is charted for: a video farm has no first token to chart.
                if (view.Points.Any(p => p.Info.Classes.Any(charted)))
                {
                    files.AddRange(Save(LoadChart(view, metric.Column(LatencyStat.P99), slo, charted), $"p99-{metric.Stem}-vs-load"));
                }
            }
        }

        if (view.Points.Count(p => Finite(p, Tokens.Name) && Finite(p, TtftP99.Name)) >= 2)
        {
            files.AddRange(Save(ParetoChart(view), "pareto-throughput-ttft"));
        }

        if (view.SizeParameters.Count > 0 && view.Points.Count(p => Finite(p, Cost.Name)) >= 2)
        {
            files.AddRange(Save(CostChart(view), "cost-per-mtok-vs-size"));
        }

        return files;
    }

    private static bool Finite(AggregatedPoint p, string metric)
        => p.Get(SweepMetrics.Overall, metric) is { } ci && double.IsFinite(ci.Mean);

    private static Plot LoadChart(SweepView view, MetricColumn column, Func<ClassInfo, double?> slo, Func<ClassInfo, bool> charted)
    {
        var name = column.Name;
        var label = column.Metric.Label;
        var series = new List<(string Label, List<double> Xs, List<double> Ys, List<double> Errors)>();
        var slos = new SortedDictionary<double, List<string>>();
        foreach (var (others, points) in view.GroupExcept([view.LoadParameter]))
        {
            var ordered = points.OrderBy(p => view.Numeric(p, view.LoadParameter)).ToList();
            foreach (var c in ordered[0].Info.Classes.Where(charted))
            {
                var (xs, ys, errors) = (new List<double>(), new List<double>(), new List<double>());
                foreach (var p in ordered)
                {
                    if (p.Get(c.Name, name) is { } ci && double.IsFinite(ci.Mean))
                    {
                        xs.Add(view.Numeric(p, view.LoadParameter));
                        ys.Add(ci.Mean);
                        errors.Add(ci.HasHalfWidth ? ci.HalfWidth : 0);
                    }
                }

                if (xs.Count > 0)
                {
                    series.Add((SweepView.Label(c.Name, others), xs, ys, errors));
                }

                if (slo(c) is { } target && c.Percentile == 99)
                {
                    if (!slos.TryGetValue(target, out var names))
                    {
                        names = [];
                        slos[target] = names;
                    }

                    if (!names.Contains(c.Name))
                    {
                        names.Add(c.Name);
                    }
                }
            }
        }

        // Past the knee p99 grows by orders of magnitude: a log axis keeps the SLO line and the
        // curve below it readable.
        var log = UseLog(series.SelectMany(s => s.Ys).Concat(slos.Keys));
        var plot = NewPlot(LoadTitle(label), $"{view.Header.Parameters[view.LoadParameter].Path} (requests/s)", $"{column.Label} ({column.Unit}){(log ? ", log scale" : "")}");
        if (log)
        {
            LogY(plot);
        }

        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Count; i++)
        {
            AddSeries(plot, series[i].Xs, series[i].Ys, series[i].Errors, palette.GetColor(i), series[i].Label, lines: true, log);
        }

        foreach (var (target, names) in slos)
        {
            var line = plot.Add.HorizontalLine(log ? Math.Log10(target) : target);
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.Black;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"SLO {Seconds(target)} ({string.Join(", ", names)})");
        }

        foreach (var knee in view.Knees.Where(k => k.Metric == name && k.Load is not null))
        {
            var line = plot.Add.VerticalLine(knee.Load!.Value);
            line.LinePattern = LinePattern.Dotted;
            line.Color = Colors.Gray;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"knee {SweepView.Label(knee.Class, knee.Others)}: {knee.Load.Value:G4}/s");
        }

        return plot;
    }

    /// <summary>Whether values spread over more than a factor of 20 (all positive): then a log axis reads better.</summary>
    private static bool UseLog(IEnumerable<double> values)
    {
        var all = values.Where(double.IsFinite).ToList();
        return all.Count > 0 && all.All(y => y > 0) && all.Max() / all.Min() > 20;
    }

    /// <summary>A log-scaled left axis: data go in as log10, ticks at powers of ten, labelled in plain numbers.</summary>
    private static void LogY(Plot plot)
    {
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("G3", CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.TickGenerator = ticks;
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(.05);
        plot.Grid.MinorLineWidth = 1;
    }

    private static Plot ParetoChart(SweepView view)
    {
        var points = view.Points
            .Where(p => Finite(p, Tokens.Name) && Finite(p, TtftP99.Name))
            .Select(p => (Point: p, X: p.Get(SweepMetrics.Overall, Tokens.Name)!.Value, Y: p.Get(SweepMetrics.Overall, TtftP99.Name)!.Value))
            .ToList();
        var log = UseLog(points.Select(p => p.Y.Mean));
        var plot = NewPlot(ParetoTitle, $"{Tokens.Label} ({Tokens.Unit}), all classes", $"{TtftP99.Label} ({TtftP99.Unit}), all classes{(log ? ", log scale" : "")}");
        if (log)
        {
            LogY(plot);
        }

        AddSeries(plot, points.Select(p => p.X.Mean).ToList(), points.Select(p => p.Y.Mean).ToList(),
            points.Select(p => p.Y.HasHalfWidth ? p.Y.HalfWidth : 0).ToList(), Colors.SteelBlue, "sweep points", lines: false, log);

        // Non-dominated points: no other point has more throughput and no more latency.
        var frontier = new List<(double X, double Y)>();
        var best = double.PositiveInfinity;
        foreach (var p in points.OrderByDescending(p => p.X.Mean).ThenBy(p => p.Y.Mean).ThenBy(p => p.Point.Info.Index))
        {
            if (p.Y.Mean < best)
            {
                best = p.Y.Mean;
                frontier.Add((p.X.Mean, p.Y.Mean));
            }
        }

        frontier.Reverse();
        var line = plot.Add.Scatter(frontier.Select(f => f.X).ToArray(), frontier.Select(f => log ? Math.Log10(f.Y) : f.Y).ToArray());
        line.Color = Colors.OrangeRed;
        line.LineWidth = 2;
        line.MarkerSize = 0;
        line.LegendText = "Pareto frontier";
        return plot;
    }

    private static Plot CostChart(SweepView view)
    {
        var plot = NewPlot(CostTitle, "accelerators in the cluster", $"{Cost.Label} ({Cost.Unit})");
        var palette = new ScottPlot.Palettes.Category10();
        var series = 0;
        foreach (var (others, points) in view.GroupExcept(view.SizeParameters))
        {
            var ordered = points.Where(p => Finite(p, Cost.Name)).OrderBy(p => p.Info.Accelerators).ThenBy(p => p.Info.Index).ToList();
            if (ordered.Count == 0)
            {
                continue;
            }

            var cost = ordered.Select(p => p.Get(SweepMetrics.Overall, Cost.Name)!.Value).ToList();
            AddSeries(plot, ordered.Select(p => (double)p.Info.Accelerators).ToList(), cost.Select(c => c.Mean).ToList(),
                cost.Select(c => c.HasHalfWidth ? c.HalfWidth : 0).ToList(), palette.GetColor(series++), SweepView.Label("cost", others), lines: true);
        }

        return plot;
    }

    private static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Font.Set(ChartFont.Name);
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.Legend.FontName = ChartFont.Name;

        // Tick labels in invariant form: ScottPlot's default follows the machine's culture.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Tick };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Tick };
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static void AddSeries(Plot plot, List<double> xs, List<double> ys, List<double> errors, Color color, string label, bool lines, bool logY = false)
    {
        if (errors.Any(e => e > 0))
        {
            var bars = plot.Add.ErrorBar(xs, ys, errors);
            if (logY)
            {
                // An interval y ± h is drawn from log10(y - h) to log10(y + h): lopsided on a log axis.
                bars.Ys = ys.Select(Math.Log10).ToList();
                bars.YErrorPositive = ys.Select((y, i) => Math.Log10(y + errors[i]) - Math.Log10(y)).ToList();
                bars.YErrorNegative = ys.Select((y, i) => y - errors[i] > 0 ? Math.Log10(y) - Math.Log10(y - errors[i]) : Math.Log10(y) - Math.Log10(y / 10)).ToList();
            }

            bars.Color = color;
        }

        var scatter = plot.Add.Scatter(xs.ToArray(), (logY ? ys.Select(Math.Log10) : ys).ToArray());
        scatter.Color = color;
        scatter.MarkerSize = 7;
        scatter.LineWidth = lines ? 1.5f : 0;
        scatter.LegendText = label;
    }

    /// <summary>
    /// Skia numbers SVG clip paths from a counter shared by the whole process (<c>cl_1c</c>, ...),
    /// so the same chart drawn second would differ; renumbered in order of appearance, a chart's
    /// bytes depend on the chart alone.
    /// </summary>
    internal static string StableIds(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Value, out var id))
            {
                id = string.Create(CultureInfo.InvariantCulture, $"clip{ids.Count}");
                ids[m.Value] = id;
            }

            return id;
        });
    }

    [GeneratedRegex(@"\bcl_[0-9a-f]+\b")]
    private static partial Regex ClipId();

    private static string Tick(double v) => Math.Round(v, 9).ToString("G6", CultureInfo.InvariantCulture);

    private static string Seconds(double s)
        => s >= 1 ? s.ToString("G4", CultureInfo.InvariantCulture) + " s" : (s * 1000).ToString("G4", CultureInfo.InvariantCulture) + " ms";

    private static IEnumerable<(string, byte[])> Save(Plot plot, string stem)
    {
        yield return (stem + ".svg", Encoding.UTF8.GetBytes(StableIds(plot.GetSvgXml(Width, Height))));
        yield return (stem + ".png", plot.GetImageBytes(Width, Height, ImageFormat.Png));
    }
}
