using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Report;

/// <summary>
/// Judges every SLO of every class of a run: TTFT, time between tokens, TPOT and end-to-end
/// latency at the scenario's percentile against its target.
/// </summary>
public static class SloVerdicts
{
    /// <summary>
    /// Targets come from <paramref name="scenario"/> (its workloads' <see cref="SloSpec"/>, percentile
    /// included). Without a scenario, from each class's <see cref="ClassMetrics.Slo"/> at that class's
    /// own percentile (the one its attainment and meets_slo use, so a p95 class is not judged at p99);
    /// there TPOT may stand for a time-between-tokens target.
    /// </summary>
    public static IReadOnlyList<SloVerdict> Evaluate(ServingResult result, Scenario? scenario = null)
    {
        var verdicts = new List<SloVerdict>();
        foreach (var c in result.Classes)
        {
            var spec = scenario?.Workloads.FirstOrDefault(w => w.Name == c.Name)?.Slo;
            var percentile = spec?.Percentile ?? c.Slo.Percentile;
            void Judge(string metric, double? target, LatencyHistogram histogram)
            {
                if (target is { } t)
                {
                    verdicts.Add(Judge1(c.Name, metric, percentile, t, histogram));
                }
            }

            Judge("ttft", spec is null ? c.Slo.TtftSeconds : spec.TtftSeconds, c.Ttft);
            Judge("tbt", spec?.TbtSeconds, c.Tbt);
            Judge("tpot", spec is null ? c.Slo.TpotSeconds : spec.TpotSeconds, c.Tpot);
            Judge("e2e", spec is null ? c.Slo.E2eSeconds : spec.E2eSeconds, c.E2e);
        }

        return verdicts;
    }

    private static SloVerdict Judge1(string className, string metric, double percentile, double target, LatencyHistogram h)
    {
        if (h.Count == 0)
        {
            return new SloVerdict(className, metric, percentile, target, null, 0, SloOutcome.NoData, false);
        }

        var measured = h.ValueAtPercentile(percentile) / 1e9;
        var outcome = measured <= target ? SloOutcome.Pass : SloOutcome.Fail;

        // The reported percentile is within RelativeError of the true one: a target inside that band
        // cannot be called with certainty.
        var close = Math.Abs(measured - target) <= h.RelativeError * Math.Max(measured, target);
        return new SloVerdict(className, metric, percentile, target, measured, h.Count, outcome, close);
    }
}
