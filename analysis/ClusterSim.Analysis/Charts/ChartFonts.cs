using ScottPlot;
using SkiaSharp;

namespace ClusterSim.Analysis.Charts;

/// <summary>
/// The one font every chart uses: DejaVu Sans, embedded in this assembly, so a chart has the same
/// glyphs and the same text metrics on any server, with or without fonts installed. Without this,
/// ScottPlot asks the system for a font, and the SkiaSharp build it ships with (no fontconfig) takes
/// whatever it finds first: "DejaVu Serif" here, something else or nothing on another machine.
/// </summary>
internal static class ChartFonts
{
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<bool> Registered = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers the embedded font with ScottPlot once per process (idempotent, thread-safe).</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    private static bool Register()
    {
        var regular = Load("DejaVuSans.ttf");
        var bold = Load("DejaVuSans-Bold.ttf");
        Fonts.FontResolvers.Insert(0, new EmbeddedResolver(regular, bold));
        Fonts.Default = Family;
        Fonts.Sans = Family;
        return true;
    }

    private static SKTypeface Load(string file)
    {
        var name = "ClusterSim.Analysis.Charts.Fonts." + file;
        using var stream = typeof(ChartFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded font {name} is missing from the assembly");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"embedded font {name} could not be read");
    }

    private sealed class EmbeddedResolver(SKTypeface regular, SKTypeface bold) : IFontResolver
    {
        // Every family name resolves to the embedded font: a fallback ScottPlot may pick for
        // characters it thinks need another font must not reach the system's fonts either.
        public SKTypeface? CreateTypeface(string fontName, bool isBold, bool italic) => isBold ? bold : regular;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width)
            => (int)weight >= (int)FontWeight.SemiBold ? bold : regular;
    }
}
