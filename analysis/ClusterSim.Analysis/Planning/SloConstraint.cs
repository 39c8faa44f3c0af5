using System.Globalization;
using ClusterSim.Analysis.Metrics;
using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Analysis.Planning;

/// <summary>
/// One service-level objective of a plan, on a figure of <see cref="SweepMetrics"/>: a latency at
/// most a target (<c>ttft_p99=1s</c>, <c>tpot_p99=50ms</c>, <c>e2e_mean=20s</c>) or the share of
/// requests meeting the scenario's own per-request SLOs at least a target (<c>attainment=0.99</c>).
/// </summary>
/// <param name="Text">The argument as given, for messages.</param>
/// <param name="Metric">Name in <see cref="SweepMetrics.Names"/>.</param>
/// <param name="AtMost">True: the figure must not exceed <paramref name="Target"/>; false: must reach it.</param>
/// <param name="Target">Seconds for latencies, a fraction for attainment.</param>
public sealed record SloConstraint(string Text, string Metric, bool AtMost, double Target)
{
    private const string Attainment = "attainment";

    // p99 first: on a near miss ("ttft_p98") the most common objective is the likeliest meant.
    private static readonly LatencyStat[] Preference = [LatencyStat.P99, LatencyStat.P90, LatencyStat.P50, LatencyStat.P999, LatencyStat.Mean];

    /// <summary>The latency columns a sweep keeps (<see cref="MetricRegistry.SweepColumns"/>), by family, p99 first.</summary>
    private static readonly MetricColumn[] LatencyColumns =
    [
        .. MetricRegistry.SweepColumns
            .Where(c => c.Stat is not null)
            .GroupBy(c => c.Metric.Name)
            .SelectMany(g => g.OrderBy(c => Array.IndexOf(Preference, c.Stat) is var i and >= 0 ? i : int.MaxValue).ThenBy(c => c.Name, StringComparer.Ordinal)),
    ];

    /// <summary>What <c>--slo</c> accepts: a latency column without its unit (<c>ttft_p99</c>), or attainment.</summary>
    public static IReadOnlyList<string> Keys { get; } = [.. LatencyColumns.Select(c => Key(c)), Attainment];

    private static string Key(MetricColumn c) => $"{c.Metric.Stem}_{c.Stat!.Key}";

    private static string Expected()
    {
        var families = LatencyColumns.Select(c => c.Metric.Stem).Distinct().ToList();
        var stats = MetricRegistry.SweepStats.Select(s => "_" + s.Key).ToList();
        return $"expected {string.Join(", ", families[..^1])} or {families[^1]} with {string.Join(", ", stats[..^1])} or {stats[^1]}, or {Attainment}";
    }

    /// <summary>Whether <paramref name="value"/> meets the objective (NaN, nothing measured, never does).</summary>
    public bool IsMetBy(double value) => !double.IsNaN(value) && (AtMost ? value <= Target : value >= Target);

    /// <summary>How a miss reads: <c>ttft_p99_s = 1.234 (target &lt;= 1)</c>, or <c>... not measured</c> for NaN (no request to measure).</summary>
    public string Violation(double value)
        => string.Create(CultureInfo.InvariantCulture, $"{Metric} {(double.IsNaN(value) ? "not measured (no request completed)" : $"= {value:G4}")} (target {(AtMost ? "<=" : ">=")} {Target:G4})");

    public override string ToString()
        => AtMost ? string.Create(CultureInfo.InvariantCulture, $"{Metric} <= {Target:G6}") : string.Create(CultureInfo.InvariantCulture, $"{Metric} >= {Target:G6}");

    /// <summary>Parses <c>NAME=VALUE</c>; throws <see cref="SweepInputException"/> naming the argument.</summary>
    public static SloConstraint Parse(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new SweepInputException($"--slo {text}: expected NAME=VALUE, for example ttft_p99=1s, tpot_p99=50ms or attainment=0.99");
        }

        var key = text[..eq].Trim().ToLowerInvariant();
        var value = text[(eq + 1)..].Trim();
        if (key == Attainment || key == MetricRegistry.SloAttainment.Name)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) || !(share is > 0 and <= 1))
            {
                throw new SweepInputException($"--slo {text}: expected a fraction in (0, 1] for attainment, e.g. attainment=0.99");
            }

            return new SloConstraint(text, MetricRegistry.SloAttainment.Name, AtMost: false, share);
        }

        var column = LatencyColumns.FirstOrDefault(c => Key(c) == key)
            ?? throw new SweepInputException($"--slo {text}: unknown objective '{key}'; {Expected()}{Names.Hint(key, Keys)}");

        if (!TryParseSeconds(value, out var seconds) || seconds <= 0)
        {
            throw new SweepInputException($"--slo {text}: expected a positive duration such as 1s, 250ms or 0.5 (seconds), got '{value}'");
        }

        return new SloConstraint(text, column.Name, AtMost: true, seconds);
    }

    /// <summary>A duration: a number of seconds, or a number with ns, us, ms, s, m (minutes) or h.</summary>
    internal static bool TryParseSeconds(string text, out double seconds)
    {
        var units = new (string Suffix, double Scale)[] { ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("min", 60), ("s", 1), ("m", 60), ("h", 3600) };
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                && double.IsFinite(number))
            {
                seconds = number * scale;
                return true;
            }
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) && double.IsFinite(plain))
        {
            seconds = plain;
            return true;
        }

        seconds = 0;
        return false;
    }
}
