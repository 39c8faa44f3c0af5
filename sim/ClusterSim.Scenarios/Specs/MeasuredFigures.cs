namespace ClusterSim.Scenarios;

/// <summary>
/// The figures a scenario's <c>measured:</c> section may give, named as <c>--slo</c> and summary.json name them:
/// a latency family and statistic (<c>ttft_p99</c>, <c>tpot_p50</c>, <c>e2e_mean</c>; durations), the workload's rates
/// (<c>throughput_rps</c>, <c>output_tokens_per_s</c>, <c>goodput_rps</c>), where its replicas operate
/// (<c>running_sequences_per_replica</c>, <c>requests_in_system_per_replica</c>: Little's law, what a measurement gives as
/// rate x time in system; <c>mean_step</c>, a duration), the cluster's mean IT power (<c>it_power_kw</c>), and
/// <c>capacity_rps</c>: the highest arrival rate that meets the workload's own SLOs, which <c>clustersim accuracy</c>
/// finds by search (<c>clustersim capacity</c>).
/// </summary>
public static class MeasuredFigures
{
    /// <summary>The latency families, as summary.json's <c>*_s</c> keys without the unit.</summary>
    public static IReadOnlyList<string> LatencyFamilies { get; } = ["ttft", "tbt", "tpot", "e2e", "queue"];

    /// <summary>The statistics of each latency family, as summary.json writes them.</summary>
    public static IReadOnlyList<string> LatencyStats { get; } = ["mean", "p50", "p90", "p95", "p99", "p999"];

    /// <summary>The highest arrival rate that meets the workload's SLOs: found by a search, not by one run.</summary>
    public const string Capacity = "capacity_rps";

    /// <summary>Every figure: its name, its unit and what it is; the one list the schema, the reports and the run's reader take.</summary>
    public static IReadOnlyList<MeasuredFigureKind> All { get; } =
    [
        .. LatencyFamilies.SelectMany(f => LatencyStats.Select(s => new MeasuredFigureKind($"{f}_{s}", "s", $"{Family(f)}: {Stat(s)} over the workload's measured requests."))),
        new("throughput_rps", "requests/s", "Completed requests of the workload per second."),
        new("output_tokens_per_s", "tokens/s", "Output tokens of the workload per second."),
        new("goodput_rps", "requests/s", "Completed requests of the workload per second that met every target of its SLO."),
        new("running_sequences_per_replica", "sequences", "Sequences a text replica runs at once, every text workload's together (time-weighted mean over the measured window)."),
        new("requests_in_system_per_replica", "sequences", "Requests in a text replica, queued and running, every text workload's together: Little's law, throughput x mean end-to-end latency / replicas, what a measurement gives as rate x time in system."),
        new("mean_step", "s", "Mean iteration (step) time of the replicas that serve text."),
        new("it_power_kw", "kW", "Mean IT power of the whole cluster in kW (accelerators, hosts, fans; no cooling), over the run."),
        new(Capacity, "requests/s", "The highest arrival rate (requests per second) at which the workload meets every target of its own SLO, found as clustersim capacity finds it."),
    ];

    /// <summary>The figure called <paramref name="name"/>.</summary>
    public static MeasuredFigureKind Kind(string name)
        => All.FirstOrDefault(f => f.Name == name) ?? throw new ArgumentException($"unknown measured figure '{name}'", nameof(name));

    /// <summary>Whether <paramref name="name"/> is a figure a scenario may give.</summary>
    public static bool Contains(string name) => All.Any(f => f.Name == name);

    private static string Family(string family) => family switch
    {
        "ttft" => "time to first token",
        "tbt" => "time between tokens (each gap)",
        "tpot" => "time per output token (a request's mean gap)",
        "e2e" => "end-to-end latency",
        _ => "time queued before first being scheduled",
    };

    private static string Stat(string stat) => stat switch
    {
        "mean" => "the mean",
        "p999" => "the 99.9th percentile",
        _ => $"the {stat[1..]}th percentile",
    };
}
