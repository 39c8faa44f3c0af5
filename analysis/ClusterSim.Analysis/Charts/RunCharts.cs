using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Charts;

/// <summary>
/// The charts of one run: latency CDFs per text class (TTFT, time between tokens, TPOT, end to end) with
/// the SLO targets, and per class of each deadline kind (video, image) with its deadline; latency percentiles
/// over time; per replica over time: busy fraction, batch size, KV-cache occupancy (text replicas) and queue
/// length; replicas serving per autoscaled pool; power, PUE and cost when the options carry them.
/// </summary>
public static class RunCharts
{
    public static IReadOnlyList<Chart> Create(ServingResult result, RunChartOptions? options = null)
    {
        options ??= new RunChartOptions();
        var charts = new List<Chart>();

        // The text charts where the run has text classes (a video farm alone would draw them empty).
        var text = result.Classes.Count > 0;
        if (text)
        {
            charts.Add(Cdf(result, options, "ttft-cdf", "Time to first token", "time to first token", c => c.Ttft, s => s.TtftSeconds, m => m.TtftSeconds));
            charts.Add(Cdf(result, options, "tbt-cdf", "Time between tokens", "time between tokens", c => c.Tbt, s => s.TbtSeconds, _ => null));
            charts.Add(Cdf(result, options, "tpot-cdf", "Time per output token (per request)", "time per output token", c => c.Tpot, s => s.TpotSeconds, m => m.TpotSeconds));
            charts.Add(Cdf(result, options, "e2e-cdf", "End-to-end latency", "end-to-end latency", c => c.E2e, s => s.E2eSeconds, m => m.E2eSeconds));
        }

        // Each kind judged against a deadline (video, image): arrival to completion per class, with its deadline.
        foreach (var kind in result.Kinds)
        {
            var classes = kind.Metrics.OfType<IDeadlineClassMetrics>().ToList();
            if (classes.Count > 0)
            {
                var deadlines = classes.Where(c => c.DeadlineSeconds is not null)
                    .Select(c => new ReferenceLine($"{c.Name} SLO: p{c.Percentile:0.###} ≤ {Report.Format.Seconds(c.DeadlineSeconds!.Value)}", c.DeadlineSeconds!.Value, Vertical: true))
                    .ToList();
                charts.Add(Chart.LatencyCdf(Chart.Slug(kind.Kind + "-latency-cdf"), $"{Capital(kind.Kind)} requests, arrival to completion: CDF per class",
                    $"{kind.Kind} latency", classes.Select(c => (c.Name, c.Latency)), deadlines));
            }
        }

        if (text && options.LatencyOverTime is { } latency)
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
        if (result.Replicas.Any(r => r.KvSeries.Count > 0))
        {
            // Only replicas with a KV cache (text ones): a video or image replica has none to draw.
            charts.Add(PerReplica(result with { Replicas = [.. result.Replicas.Where(r => r.KvSeries.Count > 0)] }, options, "kv-occupancy-over-time",
                "KV-cache occupancy per replica over time", "Fraction of KV blocks in use", r => r.KvSeries));
        }

        charts.Add(PerReplica(result, options, "queue-length-over-time", "Queue length per replica over time",
            "Requests waiting (time-weighted mean)", r => r.QueueSeries));

        // Autoscaled pools: how many replicas served, over the run (the cold starts and scale-downs as steps).
        if (result.Autoscaling is { Count: > 0 } scaling)
        {
            charts.Add(Chart.OverTime("serving-replicas-over-time", "Replicas in service per autoscaled pool over time", "Replicas serving (time-weighted mean)",
                scaling.Select(p => (p.Pool, p.ServingSeries))));
        }

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

    private static string Capital(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

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
