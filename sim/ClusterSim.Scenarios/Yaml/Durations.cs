using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterSim.Scenarios.Yaml;

/// <summary>
/// Durations in scenario files: a plain number is seconds; a string carries its unit
/// (<c>100us</c>, <c>250ms</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>, <c>1d</c>).
/// </summary>
internal static partial class Durations
{
    /// <summary>The string form, shared with the JSON Schema so editor and loader agree.</summary>
    public const string Pattern = @"^([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?(ns|us|µs|ms|s|min|m|h|d)$";

    public static bool TryParse(ScalarNode node, out double seconds)
    {
        seconds = 0;
        if (Scalars.IsNumber(node, out var number))
        {
            seconds = number;
            return double.IsFinite(number);
        }

        return !node.IsNull && TryParse(node.Value, out seconds);
    }

    public static bool TryParse(string text, out double seconds)
    {
        seconds = 0;
        var match = Regex().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var unit = match.Groups[4].Value;
        var number = double.Parse(text.AsSpan(0, text.Length - unit.Length), NumberStyles.Float, CultureInfo.InvariantCulture);
        seconds = number * unit switch
        {
            "ns" => 1e-9,
            "us" or "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" or "min" => 60.0,
            "h" => 3600.0,
            _ => 86400.0,
        };
        return double.IsFinite(seconds);
    }

    /// <summary>Short human form for messages: 0.25 -> "250ms".</summary>
    public static string Format(double seconds)
    {
        var abs = Math.Abs(seconds);
        return abs switch
        {
            0 => "0s",
            < 1e-6 => Fmt(seconds * 1e9) + "ns",
            < 1e-3 => Fmt(seconds * 1e6) + "us",
            < 1 => Fmt(seconds * 1e3) + "ms",
            < 120 => Fmt(seconds) + "s",
            < 7200 => Fmt(seconds / 60) + "m",
            _ => Fmt(seconds / 3600) + "h",
        };

        static string Fmt(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(Pattern)]
    private static partial Regex Regex();
}
