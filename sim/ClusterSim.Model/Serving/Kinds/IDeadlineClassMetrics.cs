using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Serving.Kinds;

/// <summary>What every class judged against a completion deadline measured, read without knowing its kind (charts).</summary>
public interface IDeadlineClassMetrics
{
    string Name { get; }

    /// <summary>The class's deadline in seconds, or null when it has none.</summary>
    double? DeadlineSeconds { get; }

    /// <summary>Share of requests the deadline is promised for, in percent.</summary>
    double Percentile { get; }

    /// <summary>Arrival to completion of the requests measured (after the warm-up).</summary>
    LatencyHistogram Latency { get; }
}
