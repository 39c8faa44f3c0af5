using System.Globalization;

namespace ClusterSim.Analysis.Report;

/// <summary>Human-readable numbers for charts and the report: invariant culture, 3 significant digits.</summary>
internal static class Format
{
    private static readonly CultureInfo Ic = CultureInfo.InvariantCulture;

    /// <summary>A duration in the unit that reads best: "35.2 µs", "480 ms", "1.25 s", "12.5 min".</summary>
    public static string Seconds(double seconds)
    {
        var a = Math.Abs(seconds);
        return a switch
        {
            0 => "0 s",
            < 1e-3 => Significant(seconds * 1e6) + " µs",
            < 1 => Significant(seconds * 1e3) + " ms",
            < 600 => Significant(seconds) + " s",
            _ => Significant(seconds / 60) + " min",
        };
    }

    /// <summary>3 significant digits, no exponent, no trailing zeros past the point.</summary>
    public static string Significant(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value.ToString(Ic);
        }

        var digits = Math.Max(0, 2 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        var rounded = Math.Round(value, Math.Min(digits, 15));
        return rounded.ToString("#,0.###############", Ic);
    }

    public static string Percent(double fraction) => Significant(fraction * 100) + " %";

    public static string Integer(long value) => value.ToString("#,0", Ic);
}
