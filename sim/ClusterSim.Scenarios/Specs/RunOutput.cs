namespace ClusterSim.Scenarios;

public enum RunOutput
{
    /// <summary>summary.json.</summary>
    Summary,

    /// <summary>requests.csv, one row per request.</summary>
    Requests,

    /// <summary>Per-replica series over time.</summary>
    Timeseries,

    /// <summary>report.html.</summary>
    Report,
}
