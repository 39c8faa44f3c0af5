using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;

namespace ClusterSim.Analysis.Charts;

/// <summary>
/// One chart, ready to render as PNG or SVG: made by the factory methods (<see cref="LatencyCdf"/>,
/// <see cref="OverTime"/>, <see cref="Lines"/>, <see cref="Bars"/>) and, for a run, by
/// <see cref="RunCharts"/>. Rendering is deterministic: the same chart gives the same bytes.
/// </summary>
public sealed partial class Chart
{
    /// <summary>Pixel size used when none is given: fits a report column and a slide.</summary>
    public const int DefaultWidth = 900;

    public const int DefaultHeight = 480;

    internal Chart(string name, string title, IReadOnlyList<string> series, Plot plot)
    {
        Name = name;
        Title = title;
        Series = series;
        Plot = plot;
    }

    /// <summary>File stem: <c>{Name}.png</c>, <c>{Name}.svg</c>; also the id prefix inside the SVG.</summary>
    public string Name { get; }

    /// <summary>The title drawn above the chart.</summary>
    public string Title { get; }

    /// <summary>Legend entries in drawing order: data series first, then reference lines and markers.</summary>
    public IReadOnlyList<string> Series { get; }

    public int Width { get; init; } = DefaultWidth;

    public int Height { get; init; } = DefaultHeight;

    /// <summary>The ScottPlot plot behind the chart, for helpers in this assembly that add to it.</summary>
    internal Plot Plot { get; }

    /// <summary>A standalone SVG document (with XML declaration), text kept as text.</summary>
    public string ToSvg() => "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + SvgElement() + "\n";

    /// <summary>A PNG image of <see cref="Width"/> x <see cref="Height"/> pixels.</summary>
    public byte[] ToPng()
    {
        lock (Plot.Sync)
        {
            return Plot.GetImageBytes(Width, Height, ImageFormat.Png);
        }
    }

    /// <summary>
    /// Writes <c>{Name}.png</c> and/or <c>{Name}.svg</c> into <paramref name="directory"/> (created if
    /// missing) and returns the paths written.
    /// </summary>
    public IReadOnlyList<string> Save(string directory, bool png = true, bool svg = true)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>(2);
        if (png)
        {
            var path = Path.Combine(directory, Name + ".png");
            File.WriteAllBytes(path, ToPng());
            written.Add(path);
        }

        if (svg)
        {
            var path = Path.Combine(directory, Name + ".svg");
            File.WriteAllText(path, ToSvg(), new UTF8Encoding(false));
            written.Add(path);
        }

        return written;
    }

    /// <summary>
    /// The &lt;svg&gt; element alone, for embedding in HTML: scalable (viewBox), titled for screen
    /// readers and tooltips, and with ids unique to this chart so several charts can share a page.
    /// </summary>
    internal string SvgElement()
    {
        string raw;
        lock (Plot.Sync)
        {
            raw = Plot.GetSvgXml(Width, Height);
        }

        var start = raw.IndexOf("<svg", StringComparison.Ordinal);
        var openEnd = raw.IndexOf('>', start);
        if (start < 0 || openEnd < 0)
        {
            throw new InvalidOperationException("ScottPlot returned no <svg> element");
        }

        // ScottPlot numbers clip-path ids from a process-wide counter: renumber them per chart so the
        // bytes do not depend on what was drawn before, and prefix them with the chart's name so two
        // inline charts in one page never clip each other's data.
        var body = raw[(openEnd + 1)..];
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        body = IdAttribute().Replace(body, m =>
        {
            var renamed = $"{Name}-c{ids.Count + 1}";
            ids[m.Groups[1].Value] = renamed;
            return $"id=\"{renamed}\"";
        });
        body = UrlReference().Replace(body, m => ids.TryGetValue(m.Groups[1].Value, out var renamed) ? $"url(#{renamed})" : m.Value);
        body = HrefReference().Replace(body, m => ids.TryGetValue(m.Groups[2].Value, out var renamed) ? $"{m.Groups[1].Value}=\"#{renamed}\"" : m.Value);

        var title = WebUtility.HtmlEncode(Title);
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" "
            + $"role=\"img\" aria-label=\"{title}\" data-chart=\"{Name}\">\n\t<title>{title}</title>" + body.TrimEnd();
    }

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("((?:xlink:)?href)=\"#([^\"]+)\"")]
    private static partial Regex HrefReference();
}
