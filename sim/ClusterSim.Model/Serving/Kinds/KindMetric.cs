using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Serving.Kinds;

/// <summary>A named metric of a kind's class, with its unit; build one with the factories.</summary>
public sealed record KindMetric(string Key, KindMetricType Type, string Unit = "")
{
    public long Count { get; init; }

    public double? Number { get; init; }

    public bool Flag { get; init; }

    public LatencySummary? Latency { get; init; }

    public IReadOnlyList<KindMetric> Group { get; init; } = [];

    public static KindMetric Of(string key, long value, string unit = "") => new(key, KindMetricType.Count, unit) { Count = value };

    public static KindMetric Of(string key, double value, string unit = "") => new(key, KindMetricType.Number, unit) { Number = value };

    public static KindMetric Maybe(string key, double? value, string unit = "") => new(key, KindMetricType.Optional, unit) { Number = value };

    public static KindMetric Of(string key, bool value) => new(key, KindMetricType.Flag) { Flag = value };

    /// <summary>A latency summary; null when nothing was measured, which summary.json writes as nulls ("no data"), never zeros.</summary>
    public static KindMetric Of(string key, LatencySummary? value) => new(key, KindMetricType.Latency, "s") { Latency = value };

    /// <summary>The histogram's summary, or null when it holds nothing: an empty histogram's percentiles are not zeros.</summary>
    public static LatencySummary? Measured(LatencyHistogram histogram) => histogram.Count == 0 ? null : histogram.ToSummary();

    /// <summary>A table cell for a figure that may have no data: "-" then, as the text table shows it.</summary>
    public static string Cell(double? value, string format, System.IFormatProvider culture) => value is { } v ? v.ToString(format, culture) : NoData;

    /// <summary>What a table shows for a figure with no data.</summary>
    public const string NoData = "-";

    public static KindMetric Of(string key, params KindMetric[] group) => new(key, KindMetricType.Group) { Group = group };
}
