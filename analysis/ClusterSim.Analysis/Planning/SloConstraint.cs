using System.Globalization;
using ClusterSim.Analysis.Metrics;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Planning;

/// <summary>
/// One service-level objective of a plan or a capacity search: a latency at most a target (<c>ttft_p99=1s</c>,
/// <c>tpot_p99=50ms</c>, <c>e2e_mean=20s</c> on a text class, a figure of another kind's summary.json section on its class,
/// <c>time_to_video_p95=15m</c>, <c>latency_p99=8s</c>, <c>frame_latency_p99=40ms</c>), the share of the class's work
/// meeting the scenario's own per-request SLOs at least a target (<c>attainment=0.99</c>), or the share of its arrivals
/// turned away at most a target (<c>dropped=0.01</c>; none, unless given: a rate served by refusing part of it is not served).
/// </summary>
/// <param name="Text">The argument as given, for messages.</param>
/// <param name="Metric">The figure's name: a column of <see cref="SweepMetrics"/> for a text class, <c>K_s</c> for a duration <c>K</c> of another kind, <see cref="DroppedShare"/>.</param>
/// <param name="AtMost">True: the figure must not exceed <paramref name="Target"/>; false: must reach it.</param>
/// <param name="Target">Seconds for latencies, a fraction for attainment and dropped.</param>
public sealed record SloConstraint(string Text, string Metric, bool AtMost, double Target)
{
    private const string Attainment = "attainment";

    private const string Dropped = "dropped";

    /// <summary>The figure of <c>dropped=</c>: arrivals of the class turned away (refused, dropped) over those that arrived.</summary>
    public const string DroppedShare = "dropped_share";

    /// <summary>The objective every capacity search and plan holds unless one on <c>dropped</c> is given: nothing turned away.</summary>
    public static SloConstraint NoneDropped { get; } = new("dropped=0 (the default: give --slo dropped=SHARE to allow some)", DroppedShare, AtMost: true, 0) { Implicit = true, Key = Dropped };

    /// <summary>Whether the search added it (<see cref="NoneDropped"/>) rather than the user: judged and listed, not charted.</summary>
    public bool Implicit { get; init; }

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

    /// <summary>What <c>--slo</c> accepts on a text class: a latency column without its unit (<c>ttft_p99</c>), attainment or dropped.</summary>
    public static IReadOnlyList<string> Keys { get; } = [.. LatencyColumns.Select(c => KeyOf(c)), Attainment, Dropped];

    /// <summary>
    /// The latency figures other kinds' classes write (<see cref="MeasuredFigures.For"/>: a family and a statistic, such as
    /// <c>time_to_video_p95</c> or <c>queue_p99</c>), each with the kinds that write it.
    /// </summary>
    private static readonly Dictionary<string, string[]> KindDurations = KindNames()
        .SelectMany(k => MeasuredFigures.For(k).Where(IsLatency).Select(f => (f.Name, Kind: k)))
        .GroupBy(x => x.Name)
        .ToDictionary(g => g.Key, g => g.Select(x => x.Kind).ToArray());

    private static bool IsLatency(MeasuredFigureKind f)
        => f.Seconds && f.Name.LastIndexOf('_') is var split and > 0 && MeasuredFigures.LatencyStats.Contains(f.Name[(split + 1)..]);

    private static IEnumerable<string> KindNames() => MeasuredFigures.WorkloadKinds.Where(k => k != Names.TextKind);

    /// <summary>What <c>--slo</c> accepts on a class of <paramref name="kind"/>: <see cref="Keys"/> for text, else its durations, attainment and dropped.</summary>
    public static IReadOnlyList<string> KeysFor(string kind)
        => kind == Names.TextKind ? Keys : [.. KindDurations.Where(d => d.Value.Contains(kind)).Select(d => d.Key), Attainment, Dropped];

    /// <summary>The key as given (<c>ttft_p99</c>, <c>time_to_video_p95</c>, <c>attainment</c>, <c>dropped</c>), lower case.</summary>
    public string Key { get; init; } = Metric;

    private static string KeyOf(MetricColumn c) => $"{c.Metric.Stem}_{c.Stat!.Key}";

    private static string Expected()
    {
        var families = LatencyColumns.Select(c => c.Metric.Stem).Distinct().ToList();
        var stats = MetricRegistry.SweepStats.Select(s => "_" + s.Key).ToList();
        var kinds = string.Join("; ", KindNames().Select(k => $"on {Names.A(k)} class {string.Join(", ", MeasuredFigures.Briefly(KeysFor(k).Where(x => x is not Attainment and not Dropped)))}"));
        return $"expected on a text class {string.Join(", ", families[..^1])} or {families[^1]} with {string.Join(", ", stats[..^1])} or {stats[^1]}; {kinds}; on any class {Attainment} or {Dropped}";
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

            return new SloConstraint(text, MetricRegistry.SloAttainment.Name, AtMost: false, share) { Key = Attainment };
        }

        if (key == Dropped)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) || !(share is >= 0 and < 1))
            {
                throw new SweepInputException($"--slo {text}: expected a fraction in [0, 1) for dropped, the share of arrivals that may be turned away, e.g. dropped=0.01");
            }

            return new SloConstraint(text, DroppedShare, AtMost: true, share) { Key = Dropped };
        }

        var column = LatencyColumns.FirstOrDefault(c => KeyOf(c) == key);
        if (column is null && !KindDurations.ContainsKey(key))
        {
            throw new SweepInputException($"--slo {text}: unknown objective '{key}'; {Expected()}{Names.Hint(key, [.. Keys, .. KindDurations.Keys])}");
        }

        if (!TryParseSeconds(value, out var seconds) || seconds <= 0)
        {
            throw new SweepInputException($"--slo {text}: expected a positive duration such as 1s, 250ms, 15m or 0.5 (seconds), got '{value}'");
        }

        return new SloConstraint(text, column?.Name ?? key + "_s", AtMost: true, seconds) { Key = key };
    }

    /// <summary>
    /// The objectives as they apply to class <paramref name="workload"/>: each key read as the class's kind names it (a
    /// duration another kind also writes, such as <c>queue_p99</c>, is the class's own), with <see cref="NoneDropped"/> added
    /// unless one is on dropped. Throws <see cref="SweepInputException"/> naming every objective the class has no figure for.
    /// </summary>
    public static IReadOnlyList<SloConstraint> For(IReadOnlyList<SloConstraint> slos, WorkloadSpec workload)
    {
        ArgumentNullException.ThrowIfNull(slos);
        ArgumentNullException.ThrowIfNull(workload);
        var kind = workload.Kind;
        var keys = KeysFor(kind);
        var errors = new List<string>();
        var bound = new List<SloConstraint>();
        foreach (var slo in slos)
        {
            if (slo.Key is Attainment or Dropped)
            {
                bound.Add(slo);
            }
            else if (!keys.Contains(slo.Key))
            {
                errors.Add($"--slo {slo.Text}: class '{workload.Name}' is {Names.A(kind)} workload, which has no figure '{slo.Key}'; its objectives are {string.Join(", ", MeasuredFigures.Briefly(keys))}{Names.Hint(slo.Key, keys)}");
            }
            else
            {
                bound.Add(slo with { Metric = kind == Names.TextKind ? LatencyColumns.First(c => KeyOf(c) == slo.Key).Name : slo.Key + "_s" });
            }
        }

        if (errors.Count > 0)
        {
            throw new SweepInputException(errors);
        }

        return bound.Any(s => s.Key == Dropped) ? bound : [.. bound, NoneDropped];
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
