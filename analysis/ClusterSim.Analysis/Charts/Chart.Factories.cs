using System.Globalization;
using System.Text;
using ClusterSim.Analysis.Report;
using ClusterSim.Model.Metrics;
using ScottPlot;

namespace ClusterSim.Analysis.Charts;

/// <summary>
/// The kinds of chart: latency CDFs, values over time, lines with error bars and reference lines,
/// and bars. Every chart has an explicit title, axis labels, a legend naming each series, and the
/// embedded font (see <see cref="ChartFonts"/>), so it renders the same on any machine.
/// </summary>
public sealed partial class Chart
{
    /// <summary>
    /// Empirical CDFs of latency histograms (one series each, empty ones skipped), X in
    /// milliseconds below 2 s and seconds above. The X axis ends a little past the largest p99.9
    /// (or past the farthest reference line) so that one extreme outlier does not squash the curves.
    /// </summary>
    /// <param name="name">File stem, e.g. <c>ttft-cdf</c>.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="quantity">What is measured, for the axis labels, e.g. "time to first token".</param>
    /// <param name="series">Label and histogram (values in nanoseconds) per series.</param>
    /// <param name="referenceLines">Latency targets in seconds, drawn as vertical lines.</param>
    public static Chart LatencyCdf(string name, string title, string quantity,
        IEnumerable<(string Label, LatencyHistogram Histogram)> series, IReadOnlyList<ReferenceLine>? referenceLines = null)
    {
        var data = series.Where(s => s.Histogram.Count > 0).ToList();
        var lines = referenceLines ?? [];
        var farthest = data.Select(s => s.Histogram.ValueAtPercentile(99.9) / 1e9).Append(0)
            .Concat(lines.Select(l => l.Value)).Max();
        var (unit, scale) = farthest < 2 ? ("ms", 1e3) : ("s", 1.0);

        var plot = NewPlot(title, $"{Capitalized(quantity)} ({unit})", "Fraction at or below");
        var labels = new List<string>();
        foreach (var (label, histogram) in data)
        {
            var points = histogram.CumulativePoints().ToList();
            var xs = new double[points.Count + 1];
            var ys = new double[points.Count + 1];

            // The CDF is 0 just below the smallest observation.
            xs[0] = histogram.Min / 1e9 * scale;
            for (var i = 0; i < points.Count; i++)
            {
                xs[i + 1] = points[i].ValueNs / 1e9 * scale;
                ys[i + 1] = points[i].Fraction;
            }

            AddLine(plot, label, xs, ys);
            labels.Add(label);
        }

        foreach (var line in lines)
        {
            AddReference(plot, line with { Value = line.Value * scale, Vertical = true });
            labels.Add(line.Label);
        }

        var right = Math.Max(farthest * scale * 1.08, 1e-6);
        plot.Axes.SetLimits(0, right, 0, 1.02);
        return Finish(name, title, labels, plot, empty: data.Count == 0);
    }

    /// <summary>
    /// Values over simulated time from downsampled series (each bucket's time-weighted mean drawn as a
    /// step), X in seconds.
    /// </summary>
    public static Chart OverTime(string name, string title, string yLabel,
        IEnumerable<(string Label, IReadOnlyList<SeriesBucket> Buckets)> series, IReadOnlyList<ReferenceLine>? referenceLines = null)
    {
        var plot = NewPlot(title, "Simulated time (s)", yLabel);
        var labels = new List<string>();
        var any = false;
        foreach (var (label, buckets) in series)
        {
            if (buckets.Count == 0)
            {
                continue;
            }

            // A step per bucket: the mean holds from the bucket's start to its end.
            var xs = new double[buckets.Count + 1];
            var ys = new double[buckets.Count + 1];
            for (var i = 0; i < buckets.Count; i++)
            {
                xs[i] = buckets[i].StartNs / 1e9;
                ys[i] = buckets[i].Mean;
            }

            xs[^1] = buckets[^1].EndNs / 1e9;
            ys[^1] = buckets[^1].Mean;
            var line = AddLine(plot, label, xs, ys);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            labels.Add(label);
            any = true;
        }

        AddReferences(plot, referenceLines, labels);
        return Finish(name, title, labels, plot, empty: !any);
    }

    /// <summary>
    /// Lines through points, with error bars where a series has <see cref="ChartSeries.YError"/>,
    /// dashed reference lines and highlighted markers: the building block for sweep charts (p99
    /// against load with the SLO and the knee, throughput against latency, cost against size).
    /// </summary>
    public static Chart Lines(string name, string title, string xLabel, string yLabel, IEnumerable<ChartSeries> series,
        IReadOnlyList<ReferenceLine>? referenceLines = null, IReadOnlyList<ChartMarker>? markers = null)
    {
        var plot = NewPlot(title, xLabel, yLabel);
        var labels = new List<string>();
        var any = false;
        foreach (var s in series)
        {
            if (s.X.Count != s.Y.Count || (s.YError is not null && s.YError.Count != s.Y.Count))
            {
                throw new ArgumentException($"series '{s.Label}' has {s.X.Count} X, {s.Y.Count} Y and {s.YError?.Count} error values; expected equal counts");
            }

            if (s.X.Count == 0)
            {
                continue;
            }

            var line = AddLine(plot, s.Label, s.X.ToArray(), s.Y.ToArray());
            line.MarkerSize = 6;
            if (s.YError is not null)
            {
                var bars = plot.Add.ErrorBar(s.X, s.Y, s.YError);
                bars.Color = line.Color;
            }

            labels.Add(s.Label);
            any = true;
        }

        AddReferences(plot, referenceLines, labels);
        foreach (var m in markers ?? [])
        {
            var marker = plot.Add.Marker(m.X, m.Y, MarkerShape.OpenCircle, 16, Colors.Black);
            marker.LegendText = m.Label;
            labels.Add(m.Label);
        }

        return Finish(name, title, labels, plot, empty: !any);
    }

    /// <summary>Labelled bars, one series (e.g. a cost breakdown by item).</summary>
    public static Chart Bars(string name, string title, string yLabel, string seriesLabel, IReadOnlyList<(string Label, double Value)> bars)
    {
        var plot = NewPlot(title, "", yLabel);
        var labels = new List<string>();
        if (bars.Count > 0)
        {
            var bar = plot.Add.Bars(bars.Select(b => b.Value).ToArray());
            bar.LegendText = seriesLabel;
            labels.Add(seriesLabel);
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(), bars.Select(b => b.Label).ToArray());
            plot.Axes.Margins(bottom: 0);
        }

        return Finish(name, title, labels, plot, empty: bars.Count == 0);
    }

    /// <summary>
    /// One value against another on logarithmic axes, one marker per point and series (e.g. simulated against measured
    /// throughput, one series per figure), with the line y = x and the lines y = (1 ± <paramref name="band"/>) x dashed: a
    /// point inside the band is within that fraction. Positive values only; a point with either value not positive and
    /// finite is left out.
    /// </summary>
    public static Chart Against(string name, string title, string xLabel, string yLabel, IEnumerable<ChartSeries> series, double band)
    {
        var plot = NewPlot(title, xLabel + " (log scale)", yLabel + " (log scale)");
        var labels = new List<string>();
        var (low, high) = (double.PositiveInfinity, double.NegativeInfinity);
        foreach (var s in series)
        {
            var points = s.X.Zip(s.Y).Where(p => p.First > 0 && p.Second > 0 && double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            var marks = plot.Add.ScatterPoints(points.Select(p => Math.Log10(p.First)).ToArray(), points.Select(p => Math.Log10(p.Second)).ToArray());
            marks.LegendText = s.Label;
            marks.MarkerSize = 6;
            labels.Add(s.Label);
            low = Math.Min(low, points.Min(p => Math.Min(p.First, p.Second)));
            high = Math.Max(high, points.Max(p => Math.Max(p.First, p.Second)));
        }

        if (labels.Count > 0)
        {
            // The guides span the data, a little beyond; the ticks fall on 1, 2 and 5 of each decade inside it.
            var (from, to) = (Math.Log10(low) - 0.05, Math.Log10(high) + 0.05);
            void Guide(string label, double factor, LinePattern pattern)
            {
                var line = plot.Add.ScatterLine(new[] { from, to }, new[] { from + Math.Log10(factor), to + Math.Log10(factor) });
                line.LegendText = label;
                line.LineWidth = 1.5f;
                line.Color = Colors.Black.WithAlpha(0.7);
                line.LinePattern = pattern;
                line.MarkerSize = 0;
                labels.Add(label);
            }

            Guide("simulated = measured", 1, LinePattern.Solid);
            Guide(string.Create(CultureInfo.InvariantCulture, $"±{band * 100:0.#} %"), 1 + band, LinePattern.Dashed);
            Guide("", 1 - band, LinePattern.Dashed);
            labels.RemoveAt(labels.Count - 1);
            var ticks = LogTicks(low, high);
            plot.Axes.Bottom.SetTicks(ticks.Select(t => t.At).ToArray(), ticks.Select(t => t.Label).ToArray());
            plot.Axes.Left.SetTicks(ticks.Select(t => t.At).ToArray(), ticks.Select(t => t.Label).ToArray());
            plot.Axes.SetLimits(from, to, from, to);
        }

        return Finish(name, title, labels, plot, empty: labels.Count == 0);
    }

    /// <summary>
    /// Ticks at their log10 between <paramref name="low"/> and <paramref name="high"/>: at 1, 2 and 5 of every decade over
    /// up to three decades, at 1 and 3 over more, labelled compactly (20k, 1M) so that neighbours do not run together.
    /// </summary>
    private static List<(double At, string Label)> LogTicks(double low, double high)
    {
        var steps = Math.Log10(high / low) > 3 ? new[] { 1.0, 3 } : [1.0, 2, 5];
        var ticks = new List<(double, string)>();
        for (var decade = Math.Floor(Math.Log10(low)); decade <= Math.Ceiling(Math.Log10(high)); decade++)
        {
            foreach (var m in steps)
            {
                var value = m * Math.Pow(10, decade);
                if (value >= low / 1.2 && value <= high * 1.2)
                {
                    ticks.Add((Math.Log10(value), Compact(value)));
                }
            }
        }

        return ticks;
    }

    private static string Compact(double value) => value switch
    {
        >= 1e6 => Format.Significant(value / 1e6) + "M",
        >= 1e3 => Format.Significant(value / 1e3) + "k",
        _ => Format.Significant(value),
    };

    /// <summary>A file stem from a title: lower-case letters, digits and dashes.</summary>
    public static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        return sb.ToString().TrimEnd('-') is { Length: > 0 } slug ? slug : "chart";
    }

    internal static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        plot.Legend.SetBestFontOnEachRender = false;
        plot.Legend.FontName = ChartFonts.Family;
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static ScottPlot.Plottables.Scatter AddLine(Plot plot, string label, double[] xs, double[] ys)
    {
        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = label;
        line.LineWidth = 2;
        return line;
    }

    private static void AddReferences(Plot plot, IReadOnlyList<ReferenceLine>? lines, List<string> labels)
    {
        foreach (var line in lines ?? [])
        {
            AddReference(plot, line);
            labels.Add(line.Label);
        }
    }

    private static void AddReference(Plot plot, ReferenceLine line)
    {
        var color = Colors.Black.WithAlpha(0.7);
        var axisLine = line.Vertical
            ? (ScottPlot.Plottables.AxisLine)plot.Add.VerticalLine(line.Value, 1.5f, color, LinePattern.Dashed)
            : plot.Add.HorizontalLine(line.Value, 1.5f, color, LinePattern.Dashed);
        axisLine.LegendText = line.Label;
    }

    private static Chart Finish(string name, string title, List<string> labels, Plot plot, bool empty)
    {
        if (empty)
        {
            // Say so on the chart rather than leave an unexplained blank frame.
            var note = plot.Add.Text("no data", 0, 0);
            note.LabelFontName = ChartFonts.Family;
            note.LabelFontSize = 16;
        }

        if (labels.Count > 0)
        {
            plot.ShowLegend(Edge.Right);
        }

        return new Chart(name, title, labels, plot);
    }

    private static string Capitalized(string text)
        => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
}
