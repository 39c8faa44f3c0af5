using System.Xml.Linq;

namespace ClusterSim.Analysis.Tests.Charts;

/// <summary>What a test can read back from a chart's SVG: parsed as XML, not searched as text.</summary>
internal sealed class SvgFile
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private SvgFile(XDocument doc) => Doc = doc;

    public XDocument Doc { get; }

    public XElement Root => Doc.Root!;

    /// <summary>The &lt;title&gt; child of the root.</summary>
    public string? Title => Root.Element(Svg + "title")?.Value;

    /// <summary>The text of every &lt;text&gt; element, whitespace trimmed.</summary>
    public IReadOnlyList<string> Texts => Root.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();

    public IEnumerable<string> FontFamilies => Root.Descendants(Svg + "text").Select(t => (string?)t.Attribute("font-family") ?? "");

    /// <summary>Paths drawn inside the plot's clip region (the data area) with at least <paramref name="segments"/> line segments.</summary>
    public int DataLines(int segments)
        => Root.Descendants(Svg + "g").Where(g => g.Attribute("clip-path") is not null)
            .SelectMany(g => g.Elements(Svg + "path"))
            .Count(p => ((string?)p.Attribute("d") ?? "").Count(c => c == 'L') >= segments);

    public static SvgFile Parse(string xml)
    {
        var doc = XDocument.Parse(xml);
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        return new SvgFile(doc);
    }
}
