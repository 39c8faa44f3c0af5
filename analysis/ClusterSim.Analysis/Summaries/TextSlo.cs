using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;

namespace ClusterSim.Analysis.Summaries;

/// <summary>
/// Whether a text class meets its SLO, in one place so that summary.json, the report and the CLI
/// table cannot disagree at the boundary: the share of measured requests meeting every target
/// (<see cref="ClassMetrics.SloAttainment"/>), in percent, at least the promised percentile, the
/// same rule video and avatar classes apply to their own attainment.
/// </summary>
public static class TextSlo
{
    /// <summary>False when nothing was measured: no evidence is not a pass.</summary>
    public static bool Meets(ClassMetrics c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.Measured > 0 && c.SloAttainment * 100 >= c.Slo.Percentile;
    }
}
