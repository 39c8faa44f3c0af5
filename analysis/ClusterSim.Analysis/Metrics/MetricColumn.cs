using System.Globalization;

namespace ClusterSim.Analysis.Metrics;

/// <summary>
/// One number per row: a scalar metric, or one statistic of a latency family. The unit of sweep
/// columns, SLO objectives and table cells.
/// </summary>
public sealed record MetricColumn(Metric Metric, LatencyStat? Stat)
{
    /// <summary>Column name: the metric's, or stem, statistic and unit for a latency (<c>ttft_p99_s</c>).</summary>
    public string Name => Stat is null ? Metric.Name : string.Create(CultureInfo.InvariantCulture, $"{Metric.Stem}_{Stat.Key}_s");

    /// <summary>Human label: <c>TTFT p99</c>, <c>Throughput</c>.</summary>
    public string Label => Stat is null ? Metric.Label : $"{Metric.Label} {Stat.Key}";

    /// <summary>The label for narrow displays: <c>TTFT p99</c>, <c>done</c>.</summary>
    public string Short => Stat is null ? Metric.Short : $"{Metric.Short} {Stat.Key}";

    public string Unit => Metric.Unit;

    /// <summary>The value on a row; NaN where nothing was measured (an empty histogram has no latency, not a zero one).</summary>
    public double Read(MetricInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Stat is null)
        {
            return Metric.Value(input);
        }

        var histogram = Metric.Histogram!(input.Class);
        return histogram.Count == 0 ? double.NaN : Stat.Read(histogram.ToSummary());
    }
}
