using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Charts;

/// <summary>
/// The charts of one run: latency CDFs per class (TTFT, time between tokens, TPOT, end to end) with
/// the SLO targets; latency percentiles over time; per replica over time: busy fraction, batch size,
/// KV-cache occupancy and queue length; power, PUE and cost when the options carry them.
/// </summary>
public static class RunCharts
{
    public static IReadOnlyList<Chart> Create(ServingResult result, RunChartOptions? options = null)
    {
        options ??= new RunChartOptions();
        var charts = new List<Chart>
        {
            Cdf(result, options, "ttft-cdf", "Time to first token", "time to first token", c => c.Ttft, s => s.TtftSeconds, m => m.TtftSeconds),
            Cdf(result, options, "tbt-cdf", "Time between tokens", "time between tokens", c => c.Tbt, s => s.TbtSeconds, _ => null),
            Cdf(result, options, "tpot-cdf", "Time per output token (per request)", "time per output token", c => c.Tpot, s => s.TpotSeconds, m => m.TpotSeconds),
            Cdf(result, options, "e2e-cdf", "End-to-end latency", "end-to-end latency", c => c.E2e, s => s.E2eSeconds, m => m.E2eSeconds),
        };

        if (options.LatencyOverTime is { } latency)
        {
            charts.Add(latency.ToChart("ttft", result.MeasuredFromNs));
            charts.Add(latency.ToChart("e2e", result.MeasuredFromNs));
        }

        if (options.Utilization is { } utilization)
        {
            charts.Add(PerReplica(result, options, "utilization-over-time", "Busy fraction per replica over time",
                "Busy fraction", r => utilization.Buckets(r.Index, result.SimulatedNs)));
        }

        charts.Add(PerReplica(result, options, "batch-size-over-time", "Batch size per replica over time",
            "Sequences per iteration (time-weighted mean)", r => r.BatchSeries));
        charts.Add(PerReplica(result, options, "kv-occupancy-over-time", "KV-cache occupancy per replica over time",
            "Fraction of KV blocks in use", r => r.KvSeries));
        charts.Add(PerReplica(result, options, "queue-length-over-time", "Queue length per replica over time",
            "Requests waiting (time-weighted mean)", r => r.QueueSeries));

        // Where each LLM deployment's busy time went, part by part (the parts its execution model prices).
        foreach (var e in result.Execution)
        {
            if (Summaries.BusyTime.Of(result, e.Deployment) is { ReplicaSeconds: > 0 } busy)
            {
                charts.Add(Chart.Bars(Chart.Slug("busy-time-" + e.Deployment), $"Where the busy time of {e.Deployment} went", "Share of busy time (%)",
                    e.Deployment, [.. busy.Parts.Where(p => p.Seconds > 0).Select(p => (p.Name.Replace('_', ' '), 100 * busy.Share(p.Seconds)))]));
            }
        }

        if (options.PowerWatts is { Count: > 0 } power)
        {
            charts.Add(Chart.OverTime("power-over-time", "Power over time", "Power (kW)",
                [("power", power.Select(b => b with { Mean = b.Mean / 1e3, Max = b.Max / 1e3 }).ToArray())]));
        }

        if (options.Pue is { Count: > 0 } pue)
        {
            charts.Add(Chart.OverTime("pue-over-time", "PUE over time", "Facility power / IT power", [("PUE", pue)]));
        }

        if (options.CostBreakdown is { Count: > 0 } cost)
        {
            charts.Add(Chart.Bars("cost-breakdown", "Cost breakdown", "Cost ($)", "cost", cost));
        }

        return charts;
    }

    private static Chart Cdf(ServingResult result, RunChartOptions options, string name, string title, string quantity,
        Func<ClassMetrics, LatencyHistogram> metric, Func<SloSpec, double?> scenarioTarget, Func<SloTargets, double?> resultTarget)
    {
        var lines = new List<ReferenceLine>();
        foreach (var c in result.Classes)
        {
            var spec = options.Scenario?.Workloads.FirstOrDefault(w => w.Name == c.Name)?.Slo;
            var target = spec is not null ? scenarioTarget(spec) : resultTarget(c.Slo);
            if (target is { } seconds)
            {
                var at = spec is not null ? $"p{spec.Percentile:0.###} " : "";
                lines.Add(new ReferenceLine($"{c.Name} SLO: {at}≤ {Report.Format.Seconds(seconds)}", seconds, Vertical: true));
            }
        }

        return Chart.LatencyCdf(name, title + ": CDF per class", quantity, result.Classes.Select(c => (c.Name, metric(c))), lines);
    }

    private static Chart PerReplica(ServingResult result, RunChartOptions options, string name, string title, string yLabel,
        Func<ReplicaStats, IReadOnlyList<SeriesBucket>> series)
    {
        if (result.Replicas.Count <= options.MaxReplicaLines)
        {
            return Chart.OverTime(name, title, yLabel,
                result.Replicas.Select(r => ($"replica {r.Index} ({r.Pool})", series(r))));
        }

        // Too many lines to tell apart: one line per pool, the mean over its replicas bucket by
        // bucket (every replica's series starts at 0 and ends at the end of the run with the same
        // bucket width, so bucket i covers the same interval in each).
        var pools = result.Replicas.GroupBy(r => r.Pool).Select(g =>
        {
            var members = g.Select(series).Where(s => s.Count > 0).ToList();
            var count = members.Count == 0 ? 0 : members.Min(s => s.Count);
            var mean = new SeriesBucket[count];
            for (var i = 0; i < count; i++)
            {
                var first = members[0][i];
                mean[i] = new SeriesBucket(first.StartNs, first.EndNs, members.Average(s => s[i].Mean), members.Max(s => s[i].Max));
            }

            return ($"{g.Key} (mean of {g.Count()} replicas)", (IReadOnlyList<SeriesBucket>)mean);
        });
        return Chart.OverTime(name, title.Replace("per replica", "per pool"), yLabel, pools);
    }
}
