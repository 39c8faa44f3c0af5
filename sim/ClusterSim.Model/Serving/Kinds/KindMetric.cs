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

    public static KindMetric Of(string key, LatencySummary value) => new(key, KindMetricType.Latency, "s") { Latency = value };

    public static KindMetric Of(string key, params KindMetric[] group) => new(key, KindMetricType.Group) { Group = group };
}
