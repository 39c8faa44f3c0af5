using ScottPlot;
using SkiaSharp;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// The font sweep charts are drawn in: DejaVu Sans, embedded in this assembly (licence in
/// Sweeps/Fonts), so a chart renders the same on a laptop and on a bare server without fonts.
/// Registered once with ScottPlot's resolvers, ahead of the system ones.
/// </summary>
internal sealed class ChartFont : IFontResolver
{
    public const string Name = "DejaVu Sans";

    private static readonly Lock s_gate = new();
    private static readonly Lazy<byte[]> s_bytes = new(LoadBytes);
    private static bool s_registered;

    public static void Register()
    {
        lock (s_gate)
        {
            if (!s_registered)
            {
                Fonts.FontResolvers.Insert(0, new ChartFont());
                s_registered = true;
            }
        }
    }

    // One typeface for every style: the regular face drawn for bold too, rather than whatever
    // bold face a machine happens to have, keeps the output identical everywhere.
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
        => fontName == Name ? Create() : null;

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing)
        => fontName == Name ? Create() : null;

    private static SKTypeface Create()
    {
        using var data = SKData.CreateCopy(s_bytes.Value);
        return SKTypeface.FromData(data);
    }

    private static byte[] LoadBytes()
    {
        using var stream = typeof(ChartFont).Assembly.GetManifestResourceStream("ClusterSim.Analysis.Sweeps.DejaVuSans.ttf")
                           ?? throw new InvalidOperationException("DejaVuSans.ttf is not embedded in ClusterSim.Analysis");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
