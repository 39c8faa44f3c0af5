using ClusterSim.Analysis.Accuracy;
using ClusterSim.Analysis.Metrics;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Serving.Cluster;

namespace ClusterSim.Analysis.Planning;

/// <summary>
/// The figures the SLOs of a capacity search or a plan are judged on, read from one run for one class of any kind: a
/// text class's from its <see cref="SweepMetrics"/> row, another kind's from its summary.json section
/// (<see cref="SimulatedFigures"/>), and for every kind the share of its arrivals turned away (0 when none arrived:
/// nothing was). NaN where the run has no data (nothing completed), which no objective is met by.
/// </summary>
internal static class ClassFigures
{
    /// <summary>
    /// Each of <paramref name="metrics"/> (<see cref="SloConstraint.Metric"/> names, or <see cref="SweepMetrics"/> columns
    /// reported beside them) of class <paramref name="cls"/>; <paramref name="textRow"/> is the class's sweep row, or null
    /// for a class of another kind.
    /// </summary>
    public static Dictionary<string, double> Read(IEnumerable<string> metrics, ServingResult result, string cls, double[]? textRow)
    {
        ArgumentNullException.ThrowIfNull(result);
        var figures = new Dictionary<string, double>();
        foreach (var metric in metrics)
        {
            figures.TryAdd(metric, Read(metric, result, cls, textRow));
        }

        return figures;
    }

    private static double Read(string metric, ServingResult result, string cls, double[]? textRow)
    {
        if (textRow is not null)
        {
            if (metric == SloConstraint.DroppedShare)
            {
                var c = result.Classes.First(x => x.Name == cls);
                return c.Arrived == 0 ? 0 : (double)c.Dropped / c.Arrived;
            }

            return textRow[SweepMetrics.IndexOf(metric)];
        }

        var other = result.Kinds.SelectMany(k => k.Classes).First(x => x.Name == cls);
        if (metric == SloConstraint.DroppedShare)
        {
            return other.Arrived == 0 ? 0 : (double)other.Refused / other.Arrived;
        }

        if (metric == MetricRegistry.SloAttainment.Name)
        {
            return other.Completed == 0 ? double.NaN : other.SloAttainment;
        }

        if (metric == MetricRegistry.Throughput.Name)
        {
            return other.ServedPerSecond;
        }

        // A duration K is written K_s (as the text columns are); the kind's section names the figure K.
        return SimulatedFigures.Of(metric.EndsWith("_s", StringComparison.Ordinal) ? metric[..^2] : metric, result, cls);
    }
}
