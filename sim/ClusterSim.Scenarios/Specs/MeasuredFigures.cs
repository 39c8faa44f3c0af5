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

    /// <summary>Every figure: its name, whether it is a duration (seconds), and what it is.</summary>
    public static IReadOnlyList<(string Name, bool Seconds, string Description)> All { get; } =
    [
        .. LatencyFamilies.SelectMany(f => LatencyStats.Select(s => (Name: $"{f}_{s}", Seconds: true, Description: $"{Family(f)}: {Stat(s)} over the workload's measured requests."))),
        ("throughput_rps", false, "Completed requests of the workload per second."),
        ("output_tokens_per_s", false, "Output tokens of the workload per second."),
        ("goodput_rps", false, "Completed requests of the workload per second that met every target of its SLO."),
        ("running_sequences_per_replica", false, "Sequences a text replica runs at once, every text workload's together (time-weighted mean over the measured window)."),
        ("requests_in_system_per_replica", false, "Requests in a text replica, queued and running, every text workload's together: Little's law, throughput x mean end-to-end latency / replicas, what a measurement gives as rate x time in system."),
        ("mean_step", true, "Mean iteration (step) time of the replicas that serve text."),
        ("it_power_kw", false, "Mean IT power of the whole cluster in kW (accelerators, hosts, fans; no cooling), over the run."),
        (Capacity, false, "The highest arrival rate (requests per second) at which the workload meets every target of its own SLO, found as clustersim capacity finds it."),
    ];

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
