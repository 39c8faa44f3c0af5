using ClusterSim.Model.Serving;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Analysis.Metrics;

/// <summary>
/// Every text-class and cluster metric a run reports, and which of them each output shows, in
/// its order. The one place to add a metric: define it here and list it where it should appear
/// (summary.json, sweep columns, the CLI table, the report); SLO objectives, the summary's JSON
/// Schema and chart labels follow. Other workload kinds (video, avatar, ...) describe their own
/// figures through <c>KindMetric</c>; summary.json and its schema take those generically.
/// </summary>
public static class MetricRegistry
{
    private const string NoMeasuredRequest = "no request of the class arrived after warm-up and completed";

    // ---- class rows ----

    public static Metric Arrived { get; } = Count("arrived", "Arrived", "requests that arrived, warm-up included", c => c.Arrived) with { Short = "arrived" };

    public static Metric Completed { get; } = Count("completed", "Completed", "requests that completed, warm-up included", c => c.Completed) with { Short = "done" };

    public static Metric Dropped { get; } = Count("dropped", "Dropped", "requests refused or dropped", c => c.Dropped) with { Short = "drop" };

    public static Metric InFlight { get; } = Count("in_flight", "In flight", "requests still queued or running when the run ended", c => c.InFlight);

    public static Metric Measured { get; } = Count("measured", "Measured", "completed requests that arrived after warm-up: the ones latencies and attainment describe", c => c.Measured);

    public static Metric Ttft { get; } = Latency("ttft_s", "TTFT", "time to first token", c => c.Ttft);

    public static Metric Tbt { get; } = Latency("tbt_s", "TBT", "time between tokens, each gap", c => c.Tbt);

    public static Metric Tpot { get; } = Latency("tpot_s", "TPOT", "time per output token, a request's mean gap", c => c.Tpot);

    public static Metric E2e { get; } = Latency("e2e_s", "E2E", "end-to-end latency, arrival to last token", c => c.E2e);

    public static Metric Queue { get; } = Latency("queue_s", "Queue", "time waiting before first being scheduled", c => c.Queue);

    public static Metric SloAttainment { get; } = new("slo_attainment", "SLO attainment", "fraction", MetricScope.Class, MetricType.Number,
        "share of measured requests that met every target of the class")
    {
        Compute = i => i.Class.Measured == 0 ? double.NaN : i.Class.SloAttainment,
        NoData = NoMeasuredRequest,
        Short = "SLO",
    };

    public static Metric SloTargets { get; } = new("slo", "SLO", "s", MetricScope.Class, MetricType.Targets,
        "the class's own targets (seconds, null where not set) and the percentile they are promised at")
    {
        AppliesTo = HasTargets,
        IsConditional = true,
    };

    public static Metric MeetsSlo { get; } = new("meets_slo", "Meets SLO", "", MetricScope.Class, MetricType.Flag,
        "whether attainment reaches the promised percentile; false when nothing was measured (no evidence is not a pass)")
    {
        Verdict = i => TextSlo.Meets(i.Class),
        AppliesTo = HasTargets,
        IsConditional = true,
    };

    public static Metric Goodput { get; } = new("goodput_rps", "Goodput", "req/s", MetricScope.Class, MetricType.Number,
        "completions per second in the measured window that met every target (throughput x attainment)")
    {
        Compute = i => i.Class.Measured == 0 ? double.NaN : i.Class.GoodputRps(i.MeasuredSeconds),
        NoData = NoMeasuredRequest,
    };

    public static Metric Throughput { get; } = new("throughput_rps", "Throughput", "req/s", MetricScope.Class, MetricType.Number,
        "completions of the class per second, measured window")
    {
        Compute = i => i.Class.ThroughputRps(i.MeasuredSeconds),
        Short = "rate",
    };

    public static Metric OutputTokens { get; } = new("output_tokens_per_s", "Output tokens", "tok/s", MetricScope.Class, MetricType.Number,
        "output tokens of the class per second, measured window")
    {
        Compute = i => i.Class.OutputTokensPerSecond(i.MeasuredSeconds),
        Short = "output",
    };

    public static Metric Preemptions { get; } = Count("preemptions", "Preemptions", "times a request of the class was preempted", c => c.Preemptions);

    public static Metric CutAtMaxTokens { get; } = new("cut_at_max_tokens", "Cut at max_tokens", "count", MetricScope.Class, MetricType.Count,
        "arrivals whose output was longer than the workload's max_tokens and stopped there")
    {
        Compute = i => i.Class.CutAtMaxTokens,
        AppliesTo = c => c.Capped,
        IsConditional = true,
        Condition = "only for classes whose workload sets max_tokens",
    };

    public static Metric PrefixHitRate { get; } = new("prefix_hit_rate", "Prefix hit rate", "fraction", MetricScope.Class, MetricType.Number,
        "share of prompt tokens served from the prefix cache")
    {
        Compute = i => i.Class.PromptTokens == 0 ? double.NaN : (double)i.Class.PrefixHitTokens / i.Class.PromptTokens,
        NoData = "no prompt token of the class was processed",
    };

    public static Metric OfferedRate { get; } = new("offered_rps", "Offered load", "req/s", MetricScope.Class, MetricType.Number,
        "arrivals per second over the arrival window (warm-up plus duration): the offered load")
    {
        Compute = i => i.ArrivalWindowSeconds is > 0 ? i.Class.Arrived / i.ArrivalWindowSeconds.Value : double.NaN,
        NoData = "the run stopped on a request count, so the arrival window is unknown",
    };

    // ---- the whole cluster ----

    public static Metric AcceleratorUtilization { get; } = new("accelerator_utilization", "Accelerator utilization", "fraction", MetricScope.Cluster, MetricType.Number,
        "busy share of the accelerators over the whole run (warm-up and drain included)")
    {
        Compute = i => i.Result.AcceleratorUtilization,
        NoData = "the cluster has no accelerator",
        SummaryKey = "accelerator_mean",
    };

    public static Metric MeanBatchSize { get; } = new("mean_batch_size", "Mean batch", "sequences", MetricScope.Cluster, MetricType.Number,
        "time-weighted mean batch size, averaged over the text replicas")
    {
        Compute = i => TextMean(i, r => r.MeanBatchSize),
        NoData = "the cluster has no text replica",
    };

    public static Metric MeanKvOccupancy { get; } = new("mean_kv_occupancy", "KV occupancy", "fraction", MetricScope.Cluster, MetricType.Number,
        "time-weighted share of KV-cache blocks in use, averaged over the text replicas")
    {
        Compute = i => TextMean(i, r => r.MeanKvOccupancy),
        NoData = "the cluster has no text replica",
    };

    public static Metric CostPerHour { get; } = new("cost_usd_per_hour", "Cost per hour", "USD/h", MetricScope.Cluster, MetricType.Number,
        "the run's cost per hour on its basis (summary.json cost.usd_per_hour)")
    {
        Compute = i => i.Cost?.UsdPerHour ?? double.NaN,
        NoData = "the run was not costed",
    };

    public static Metric CostPerMillionTokens { get; } = new("cost_per_mtok_usd", "Cost per million output tokens", "USD/Mtok", MetricScope.Cluster, MetricType.Number,
        "the run's cost of its text accelerators over its output tokens, in USD per million (summary.json cost.usd_per_million_output_tokens)")
    {
        Compute = i => i.Cost?.UsdPerMillionOutputTokens ?? double.NaN,
        NoData = "the run was not costed, or produced no output token",
    };

    // ---- which output shows what, in order ----

    /// <summary>The keys of a class object in summary.json (and of <c>overall</c>), in order.</summary>
    public static IReadOnlyList<Metric> SummaryClass { get; } =
    [
        Arrived, Completed, Dropped, InFlight, Measured, Ttft, Tbt, Tpot, E2e, Queue,
        SloAttainment, SloTargets, MeetsSlo, Goodput, Throughput, OutputTokens, Preemptions, CutAtMaxTokens, PrefixHitRate,
    ];

    /// <summary>The keys of summary.json's <c>utilization</c> section, in order.</summary>
    public static IReadOnlyList<Metric> SummaryUtilization { get; } = [AcceleratorUtilization, MeanBatchSize, MeanKvOccupancy];

    /// <summary>The statistics sweeps keep of each latency family (summary.json has p95 besides).</summary>
    public static IReadOnlyList<LatencyStat> SweepStats { get; } = [LatencyStat.Mean, LatencyStat.P50, LatencyStat.P90, LatencyStat.P99, LatencyStat.P999];

    /// <summary>The columns of sweep.csv and runs.csv, in order; also what an SLO objective can name.</summary>
    public static IReadOnlyList<MetricColumn> SweepColumns { get; } =
    [
        .. new[] { Ttft, Tbt, Tpot, E2e }.SelectMany(m => SweepStats.Select(m.Column)),
        OfferedRate.Column(), Throughput.Column(), Goodput.Column(), OutputTokens.Column(), SloAttainment.Column(),
        AcceleratorUtilization.Column(), CostPerHour.Column(), CostPerMillionTokens.Column(),
    ];

    /// <summary>The text columns of the CLI table, in order.</summary>
    public static IReadOnlyList<MetricColumn> TableColumns { get; } =
    [
        Arrived.Column(), Completed.Column(), Dropped.Column(),
        Ttft.Column(LatencyStat.P50), Ttft.Column(LatencyStat.P99), Tpot.Column(LatencyStat.P50), Tpot.Column(LatencyStat.P99),
        Tbt.Column(LatencyStat.P99), E2e.Column(LatencyStat.P99), SloAttainment.Column(), Throughput.Column(), OutputTokens.Column(),
    ];

    /// <summary>The report's "Requests and throughput" table, in order.</summary>
    public static IReadOnlyList<MetricColumn> ReportRequestColumns { get; } =
    [
        Arrived.Column(), Completed.Column(), Dropped.Column(), InFlight.Column(), Measured.Column(),
        Throughput.Column(), Goodput.Column(), OutputTokens.Column(), SloAttainment.Column(), Preemptions.Column(),
    ];

    /// <summary>The report's latency table, in order.</summary>
    public static IReadOnlyList<MetricColumn> ReportLatencyColumns { get; } =
        [.. new[] { Ttft, Tbt, Tpot, E2e, Queue }.SelectMany(m => new[] { m.Column(LatencyStat.P50), m.Column(LatencyStat.P99) })];

    /// <summary>Every metric defined here.</summary>
    public static IReadOnlyList<Metric> All { get; } =
        [.. SummaryClass, OfferedRate, .. SummaryUtilization, CostPerHour, CostPerMillionTokens];

    /// <summary>The target fields of a class's <c>slo</c> object in summary.json, in order.</summary>
    public static IReadOnlyList<(string Key, Func<Model.Metrics.SloTargets, double?> Read)> TargetFields { get; } =
    [
        ("ttft_s", t => t.TtftSeconds),
        ("tpot_s", t => t.TpotSeconds),
        ("e2e_s", t => t.E2eSeconds),
    ];

    /// <summary>The sweep column named <paramref name="name"/>, or null.</summary>
    public static MetricColumn? FindColumn(string name) => SweepColumns.FirstOrDefault(c => c.Name == name);

    private static bool HasTargets(ClassMetrics c) => !ReferenceEquals(c.Slo, Model.Metrics.SloTargets.None);

    private static double TextMean(MetricInput i, Func<Model.Serving.Cluster.ReplicaStats, double> figure)
    {
        var text = i.Result.TextReplicas.ToList();
        return text.Count == 0 ? double.NaN : text.Average(figure);
    }

    private static Metric Count(string name, string label, string description, Func<ClassMetrics, long> read)
        => new(name, label, "count", MetricScope.Class, MetricType.Count, description) { Compute = i => read(i.Class) };

    private static Metric Latency(string name, string label, string description, Func<ClassMetrics, LatencyHistogram> histogram)
        => new(name, label, "s", MetricScope.Class, MetricType.Latency, description + ", seconds") { Histogram = histogram, NoData = NoMeasuredRequest };
}
