namespace ClusterSim.Model.Workloads.Traces;

/// <summary>How a CSV trace's time column is written.</summary>
public enum TraceTimeUnit
{
    /// <summary>A number of seconds (fractions allowed).</summary>
    Seconds,

    /// <summary>A number of milliseconds.</summary>
    Milliseconds,

    /// <summary>A number of microseconds.</summary>
    Microseconds,

    /// <summary>A number of nanoseconds.</summary>
    Nanoseconds,

    /// <summary>A date and time such as <c>2023-11-16 18:15:46.6805900</c>, read as UTC.</summary>
    DateTime,
}
