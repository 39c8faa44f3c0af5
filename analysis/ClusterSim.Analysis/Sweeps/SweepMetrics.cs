using ClusterSim.Analysis.Metrics;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Serving.Cluster;

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
}
