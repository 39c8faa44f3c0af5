using ClusterSim.Analysis.Metrics;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// The figures a sweep keeps per class and run, in a fixed order (the columns of sweep.csv and
/// runs.csv): <see cref="MetricRegistry.SweepColumns"/>. Latencies are in seconds; rates count the
/// completions inside the measured window, end of warm-up to the end of arrivals
/// (<see cref="ServingResult.MeasuredSeconds"/>, as summary.json has them), so the drain after
/// arrivals stop does not dilute them. No data is NaN, as it is null in summary.json.
/// </summary>
public static class SweepMetrics
{
    /// <summary>Every figure's name, in column order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. MetricRegistry.SweepColumns.Select(c => c.Name)];

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
    /// Utilization and costs concern the whole cluster and are NaN on class rows; <paramref name="cost"/> is
    /// the run's own (<see cref="Costs.RunCost"/>).
    /// </summary>
    public static double[][] Extract(ServingResult result, double? arrivalWindowSeconds, CostSummary? cost)
    {
        ArgumentNullException.ThrowIfNull(result);
        return
        [
            .. result.Classes.Append(result.Overall)
                .Select(c => new MetricInput(result, c, arrivalWindowSeconds, cost))
                .Select(input => MetricRegistry.SweepColumns.Select(column => column.Read(input)).ToArray()),
        ];
    }

    /// <summary>
    /// Figures of each class named in <paramref name="classes"/>, in that order, then of the overall row (text classes
    /// together, as above). A text class's row is the one above; a class of another kind (video, image, avatar) fills what
    /// it has: end to end from its requests' arrival to completion (<see cref="KindClassResult.TimeInSystem"/>), the
    /// offered rate, its rate served and goodput (over the span from warm-up to the end of the run, drain included, as its
    /// summary.json section counts them) and its SLO attainment; the rest (tokens, first token) NaN.
    /// </summary>
    public static double[][] Extract(ServingResult result, double? arrivalWindowSeconds, CostSummary? cost, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(classes);
        var text = Extract(result, arrivalWindowSeconds, cost);
        var rows = new List<double[]>(classes.Count + 1);
        foreach (var name in classes)
        {
            var index = IndexOfClass(result, name);
            rows.Add(index >= 0 ? text[index] : KindRow(result.Kinds.SelectMany(k => k.Classes).First(c => c.Name == name), arrivalWindowSeconds));
        }

        rows.Add(text[^1]);
        return [.. rows];
    }

    private static int IndexOfClass(ServingResult result, string name)
    {
        for (var i = 0; i < result.Classes.Count; i++)
        {
            if (result.Classes[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static double[] KindRow(KindClassResult c, double? arrivalWindowSeconds)
    {
        var row = Names.Select(_ => double.NaN).ToArray();
        void Set(string name, double value) => row[IndexOf(name)] = value;
        if (c.TimeInSystem is { } e2e)
        {
            foreach (var stat in MetricRegistry.SweepStats)
            {
                Set(MetricRegistry.E2e.Column(stat).Name, stat.Read(e2e));
            }
        }

        var attainment = c.Completed == 0 ? double.NaN : c.SloAttainment;
        Set(MetricRegistry.OfferedRate.Name, arrivalWindowSeconds is { } w && w > 0 ? c.Arrived / w : double.NaN);
        Set(MetricRegistry.Throughput.Name, c.ServedPerSecond);
        Set(MetricRegistry.Goodput.Name, c.ServedPerSecond * attainment);
        Set(MetricRegistry.SloAttainment.Name, attainment);
        return row;
    }
}
