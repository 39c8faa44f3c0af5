namespace ClusterSim.Analysis.Metrics;

/// <summary>How a metric is shaped in summary.json, which decides how it is written and how its schema reads.</summary>
public enum MetricType
{
    /// <summary>A whole number (requests, preemptions), never missing.</summary>
    Count,

    /// <summary>A real number; null in summary.json when there is nothing to measure (NaN here).</summary>
    Number,

    /// <summary>A latency family: an object of statistics (<see cref="LatencyStat"/>), each null when nothing was measured.</summary>
    Latency,

    /// <summary>The class's own SLO targets, an object; written only for classes that have targets.</summary>
    Targets,

    /// <summary>A yes/no verdict; written only where <see cref="Metric.AppliesTo"/> holds.</summary>
    Flag,
}
