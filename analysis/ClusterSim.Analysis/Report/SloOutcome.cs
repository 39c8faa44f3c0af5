namespace ClusterSim.Analysis.Report;

public enum SloOutcome
{
    /// <summary>The measured percentile is at or below the target.</summary>
    Pass,

    /// <summary>The measured percentile is above the target.</summary>
    Fail,

    /// <summary>Nothing was measured (no request completed after warm-up): no verdict is possible.</summary>
    NoData,
}
