namespace ClusterSim.Model.Serving.Kinds;

/// <summary>How a <see cref="KindMetric"/> is written.</summary>
public enum KindMetricType
{
    /// <summary>A whole number.</summary>
    Count,

    /// <summary>A real number.</summary>
    Number,

    /// <summary>A real number or nothing (written as null when absent or not finite).</summary>
    Optional,

    /// <summary>True or false.</summary>
    Flag,

    /// <summary>A latency distribution in seconds: mean and percentiles.</summary>
    Latency,

    /// <summary>Named metrics nested under the key.</summary>
    Group,
}
