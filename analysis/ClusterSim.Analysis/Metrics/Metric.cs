using ClusterSim.Model.Serving;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Analysis.Metrics;

/// <summary>
/// One figure a run reports: its name (the key in summary.json, and the stem of sweep columns),
/// how people read it (label, unit, description) and how it is computed. Every output takes
/// its figures from <see cref="MetricRegistry"/>, so a metric added there reaches summary.json,
/// its JSON Schema, the CLI table, sweep columns, SLO objectives and the report together.
/// </summary>
/// <param name="Name">Key in summary.json; a latency family's name ends in <c>_s</c> (<c>ttft_s</c>).</param>
/// <param name="Label">Short human name for tables and charts (<c>TTFT</c>, <c>Throughput</c>).</param>
/// <param name="Unit">Unit of the value: <c>s</c>, <c>req/s</c>, <c>tok/s</c>, <c>fraction</c>, <c>count</c>, <c>USD/Mtok</c>, ...</param>
/// <param name="Scope">What it describes: a class row or the whole cluster.</param>
/// <param name="Type">Its shape in summary.json.</param>
/// <param name="Description">What it is, for the schema and for readers.</param>
public sealed record Metric(string Name, string Label, string Unit, MetricScope Scope, MetricType Type, string Description)
{
    /// <summary>The value of a scalar metric; NaN means no data (nothing to measure), written as null.</summary>
    public Func<MetricInput, double>? Compute { get; init; }

    /// <summary>The histogram of a latency family.</summary>
    public Func<ClassMetrics, LatencyHistogram>? Histogram { get; init; }

    /// <summary>The verdict of a flag.</summary>
    public Func<MetricInput, bool>? Verdict { get; init; }

    /// <summary>Whether the row carries this metric at all (SLO targets and verdict: only classes with targets).</summary>
    public Func<ClassMetrics, bool> AppliesTo { get; init; } = _ => true;

    /// <summary>When the value is null ("no data"); null when it always has one.</summary>
    public string? NoData { get; init; }

    /// <summary>True when summary.json writes the key only for some rows (<see cref="AppliesTo"/>).</summary>
    public bool IsConditional { get; init; }

    /// <summary>Which rows carry a conditional metric, as summary.json's schema says it.</summary>
    public string Condition { get; init; } = "only for classes with SLO targets";

    /// <summary>A shorter label for narrow displays such as the terminal table (<c>done</c> for Completed); the label by default.</summary>
    public string Short { get; init; } = Label;

    /// <summary>The key summary.json writes it under, where that differs from <see cref="Name"/> (the utilization section's <c>accelerator_mean</c>).</summary>
    public string SummaryKey { get; init; } = Name;

    /// <summary>A latency family's stem, the name without its unit (<c>ttft</c>); the name otherwise.</summary>
    public string Stem => Type == MetricType.Latency ? Name[..^"_s".Length] : Name;

    /// <summary>The scalar column of this metric (not for latency families: those have one per statistic).</summary>
    public MetricColumn Column()
        => Type is MetricType.Count or MetricType.Number
            ? new MetricColumn(this, null)
            : throw new InvalidOperationException($"metric '{Name}' is a {Type}, not a scalar column");

    /// <summary>The column of one statistic of a latency family (<c>ttft_p99_s</c>).</summary>
    public MetricColumn Column(LatencyStat stat)
        => Type == MetricType.Latency
            ? new MetricColumn(this, stat)
            : throw new InvalidOperationException($"metric '{Name}' is not a latency family");

    /// <summary>The value on a row: NaN where there is no data, or where a cluster figure is read on a class row.</summary>
    public double Value(MetricInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Compute is null)
        {
            throw new InvalidOperationException($"metric '{Name}' has no scalar value");
        }

        return Scope == MetricScope.Cluster && !input.IsOverall ? double.NaN : Compute(input);
    }
}
