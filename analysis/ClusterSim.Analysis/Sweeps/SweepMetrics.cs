using ClusterSim.Analysis.Costs;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// The figures a sweep keeps per class and run, in a fixed order (the columns of sweep.csv and
/// runs.csv). Latencies are in seconds; rates count the completions inside the measured window, end
/// of warm-up to the end of arrivals (<see cref="ServingResult.MeasuredSeconds"/>, as summary.json
/// has them), so the drain after arrivals stop does not dilute them.
/// </summary>
public static class SweepMetrics
{
    private static readonly string[] Latencies = ["ttft", "tbt", "tpot", "e2e"];
    private static readonly string[] Stats = ["mean", "p50", "p90", "p99", "p999"];

    /// <summary>Every figure's name, in column order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. Latencies.SelectMany(m => Stats.Select(s => $"{m}_{s}_s")),
        "offered_rps", "throughput_rps", "goodput_rps", "output_tokens_per_s", "slo_attainment",
        "accelerator_utilization", "cost_per_mtok_usd",
    ];

    /// <summary>Name of the row that sums every class.</summary>
    public const string Overall = "overall";

    /// <summary>Position of a figure in <see cref="Names"/>, or -1.</summary>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Figures of every class, then of the overall row. <paramref name="arrivalWindowSeconds"/> is how
    /// long arrivals were generated (warm-up plus duration), so that <c>offered_rps</c> = arrivals / window
    /// estimates the arrival rate without bias; null (stop on a request count) leaves it NaN.
    /// Utilization and cost per million tokens concern the whole cluster and are NaN on class rows.
    /// </summary>
    public static double[][] Extract(ServingResult result, double? arrivalWindowSeconds, double? costUsdPerHour)
    {
        ArgumentNullException.ThrowIfNull(result);
        var measured = result.MeasuredSeconds;
        var rows = new double[result.Classes.Count + 1][];
        for (var i = 0; i < result.Classes.Count; i++)
        {
            rows[i] = Row(result.Classes[i], measured, arrivalWindowSeconds);
        }

        var overall = Row(result.Overall, measured, arrivalWindowSeconds);
        overall[^2] = result.AcceleratorUtilization;
        overall[^1] = new ClusterCost(costUsdPerHour, null).PerMillionTokens(overall[IndexOf("output_tokens_per_s")]);
        rows[^1] = overall;
        return rows;
    }

    private static double[] Row(ClassMetrics c, double measuredSeconds, double? window)
    {
        var row = new double[Names.Count];
        var k = 0;
        foreach (var h in new[] { c.Ttft, c.Tbt, c.Tpot, c.E2e })
        {
            // An empty histogram has no latency to report: NaN, not the zero its summary shows,
            // so that a mean over replications or a chart never takes it for a fast run.
            var s = h.ToSummary();
            var empty = h.Count == 0;
            foreach (var v in new[] { s.Mean, s.P50, s.P90, s.P99, s.P999 })
            {
                row[k++] = empty ? double.NaN : v;
            }
        }

        row[k++] = window is > 0 ? c.Arrived / window.Value : double.NaN;
        row[k++] = c.ThroughputRps(measuredSeconds);
        row[k++] = c.GoodputRps(measuredSeconds);
        row[k++] = c.OutputTokensPerSecond(measuredSeconds);
        row[k++] = c.Measured == 0 ? double.NaN : c.SloAttainment;
        row[k++] = double.NaN;
        row[k] = double.NaN;
        return row;
    }
}
