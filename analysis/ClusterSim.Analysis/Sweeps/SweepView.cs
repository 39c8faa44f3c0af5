using System.Globalization;
using ClusterSim.Analysis.Metrics;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// A complete sweep read for charts and summaries: intervals per point, which swept parameter is
/// the load (an arrival rate), which ones change the cluster size, and the knees.
/// </summary>
internal sealed class SweepView
{
    /// <summary>
    /// Latencies charted against load, with their SLO field and the classes they are charted for: first token and time
    /// per token for text, end to end (arrival to completion, against the deadline) for the other kinds' classes.
    /// </summary>
    public static readonly (Metric Metric, Func<ClassInfo, double?> Slo, Func<ClassInfo, bool> For)[] LoadMetrics =
    [
        (MetricRegistry.Ttft, c => c.TtftSeconds, c => c.IsText),
        (MetricRegistry.Tpot, c => c.TpotSeconds, c => c.IsText),
        (MetricRegistry.E2e, c => c.E2eSeconds, c => !c.IsText),
    ];

    public SweepView(SweepResult result)
    {
        Header = result.Header;
        Points = result.Points.Select(p => AggregatedPoint.From(p, Header.Confidence)).ToList();
        LoadParameter = FindLoadParameter();
        SizeParameters = Enumerable.Range(0, Header.Parameters.Count).Where(ChangesSize).ToList();
        Knees = LoadParameter < 0 ? [] : FindKnees();
    }

    public SweepHeader Header { get; }

    public IReadOnlyList<AggregatedPoint> Points { get; }

    /// <summary>Index of the first swept arrival rate (all values numeric), or -1.</summary>
    public int LoadParameter { get; }

    /// <summary>Swept parameters that change the number of accelerators.</summary>
    public IReadOnlyList<int> SizeParameters { get; }

    public IReadOnlyList<Knee> Knees { get; }

    /// <summary>Numeric value of a parameter at a point (NaN when not a number).</summary>
    public double Numeric(AggregatedPoint p, int parameter)
        => double.TryParse(p.Info.Values[parameter], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    /// <summary>
    /// Points grouped by the values of every swept parameter except <paramref name="except"/>, groups
    /// in order of first appearance; the key lists the other parameters' values.
    /// </summary>
    public IReadOnlyList<(IReadOnlyList<(string Path, string Value)> Key, IReadOnlyList<AggregatedPoint> Points)> GroupExcept(IReadOnlyCollection<int> except)
    {
        var groups = new List<(IReadOnlyList<(string, string)>, IReadOnlyList<AggregatedPoint>)>();
        var index = new Dictionary<string, List<AggregatedPoint>>(StringComparer.Ordinal);
        foreach (var p in Points)
        {
            var key = Enumerable.Range(0, Header.Parameters.Count).Where(i => !except.Contains(i))
                .Select(i => (Header.Parameters[i].Path, p.Info.Values[i])).ToList();
            var text = string.Join('\u001f', key.Select(k => k.Item1 + "=" + k.Item2));
            if (!index.TryGetValue(text, out var list))
            {
                list = [];
                index[text] = list;
                groups.Add((key, list));
            }

            list.Add(p);
        }

        return groups;
    }

    /// <summary>A series label: <c>chat</c>, or <c>chat, replicas=4</c> with the other parameters' short names.</summary>
    public static string Label(string row, IReadOnlyList<(string Path, string Value)> others)
        => others.Count == 0 ? row : row + ", " + string.Join(", ", others.Select(o => $"{ShortName(o.Path)}={o.Value}"));

    /// <summary>The last segment of a --set path: <c>workloads.chat.arrival.rate</c> gives <c>rate</c>.</summary>
    public static string ShortName(string path)
    {
        var trimmed = path.TrimEnd(']');
        var cut = Math.Max(trimmed.LastIndexOf('.'), trimmed.LastIndexOf('['));
        return cut < 0 ? path : trimmed[(cut + 1)..];
    }

    private int FindLoadParameter()
    {
        for (var i = 0; i < Header.Parameters.Count; i++)
        {
            var p = Header.Parameters[i];
            var path = p.Path.Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal);
            var isRate = path.StartsWith("workloads.", StringComparison.Ordinal)
                         && (path.EndsWith(".arrival.rate", StringComparison.Ordinal) || path.EndsWith(".arrival.mean", StringComparison.Ordinal));
            if (isRate && p.Values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                return i;
            }
        }

        return -1;
    }

    private bool ChangesSize(int parameter)
        => GroupExcept([parameter]).Any(g => g.Points.Select(p => p.Info.Accelerators).Distinct().Count() > 1);

    private List<Knee> FindKnees()
    {
        var knees = new List<Knee>();
        var loadPath = Header.Parameters[LoadParameter].Path;
        foreach (var (metric, slo, charted) in LoadMetrics)
        {
            var name = metric.Column(LatencyStat.P99).Name;
            foreach (var (others, points) in GroupExcept([LoadParameter]))
            {
                var ordered = points.OrderBy(p => Numeric(p, LoadParameter)).ToList();
                foreach (var c in ordered[0].Info.Classes.Where(charted))
                {
                    // The chart shows p99, so only a p99 target can be read off it.
                    if (slo(c) is not { } target || c.Percentile != 99)
                    {
                        continue;
                    }

                    var curve = ordered
                        .Select(p => (X: Numeric(p, LoadParameter), Y: p.Get(c.Name, name)?.Mean ?? double.NaN))
                        .Where(q => !double.IsNaN(q.Y))
                        .ToList();
                    if (curve.Count == 0)
                    {
                        continue;
                    }

                    knees.Add(Crossing(name, c.Name, loadPath, others, target, curve));
                }
            }
        }

        return knees;
    }

    private static Knee Crossing(string metric, string row, string loadPath, IReadOnlyList<(string, string)> others, double target, List<(double X, double Y)> curve)
    {
        var miss = curve.FindIndex(q => q.Y > target);
        if (miss < 0)
        {
            return new Knee(metric, row, loadPath, others, target, null, string.Create(CultureInfo.InvariantCulture, $"meets the SLO up to the highest load swept ({curve[^1].X:G6})"));
        }

        if (miss == 0)
        {
            return new Knee(metric, row, loadPath, others, target, null, string.Create(CultureInfo.InvariantCulture, $"misses the SLO from the lowest load swept ({curve[0].X:G6})"));
        }

        var (x0, y0) = curve[miss - 1];
        var (x1, y1) = curve[miss];
        // Interpolated in log latency: past saturation queues, and so p99, grow roughly
        // exponentially with load, and the charts draw these curves on a log axis.
        var load = y0 > 0
            ? x0 + (Math.Log(target) - Math.Log(y0)) * (x1 - x0) / (Math.Log(y1) - Math.Log(y0))
            : x0 + (target - y0) * (x1 - x0) / (y1 - y0);
        return new Knee(metric, row, loadPath, others, target, load, string.Create(CultureInfo.InvariantCulture, $"crosses the SLO between {x0:G6} and {x1:G6}"));
    }
}
