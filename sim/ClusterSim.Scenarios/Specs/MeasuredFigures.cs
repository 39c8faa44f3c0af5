using ClusterSim.Scenarios.Kinds;

namespace ClusterSim.Scenarios;

/// <summary>
/// The figures a scenario's <c>measured:</c> section may give, named as summary.json names them. Each workload kind lists
/// its own (<see cref="For"/>): a text workload's are a latency family and statistic (<c>ttft_p99</c>, <c>tpot_p50</c>,
/// <c>e2e_mean</c>; durations), its rates (<c>throughput_rps</c>, <c>output_tokens_per_s</c>, <c>goodput_rps</c>), where its
/// replicas operate (<c>running_sequences_per_replica</c>, <c>requests_in_system_per_replica</c>: Little's law, what a
/// measurement gives as rate x time in system; <c>mean_step</c>, a duration), how often they preempted
/// (<c>preemptions</c>, a count over the run, as engines' counters give it), and <c>capacity_rps</c>: the highest arrival
/// rate that meets the workload's own SLOs, which <c>clustersim accuracy</c> finds by search (<c>clustersim capacity</c>).
/// Another kind's are the figures its summary.json section writes: a latency <c>K_s</c> gives <c>K_mean</c>, <c>K_p50</c>,
/// ... (<c>time_to_video_p50</c>), a number its own key (<c>videos_per_hour</c>; <c>K</c> for a duration <c>K_s</c>). Every
/// kind may give the cluster's mean IT power (<c>it_power_kw</c>).
/// </summary>
public static class MeasuredFigures
{
    /// <summary>The statistics of each latency family, as summary.json writes them.</summary>
    public static IReadOnlyList<string> LatencyStats { get; } = ["mean", "p50", "p90", "p95", "p99", "p999"];

    /// <summary>The text workload's latency families, as summary.json's <c>*_s</c> keys without the unit.</summary>
    public static IReadOnlyList<string> LatencyFamilies { get; } = ["ttft", "tbt", "tpot", "e2e", "queue"];

    /// <summary>The highest arrival rate that meets the workload's SLOs: found by a search, not by one run.</summary>
    public const string Capacity = "capacity_rps";

    /// <summary>The cluster's mean IT power, a figure of every kind.</summary>
    public static MeasuredFigureKind ItPower { get; } =
        new("it_power_kw", "kW", "Mean IT power of the whole cluster in kW (accelerators, hosts, fans; no cooling), over the run.");

    /// <summary>The capacity figure of a kind whose SLO is a deadline at a percentile (image, video).</summary>
    public static MeasuredFigureKind DeadlineCapacity { get; } =
        new(Capacity, "requests/s", "The highest arrival rate (requests per second) at which the workload's requests meet its own deadline at its percentile, found as clustersim capacity finds it.");

    /// <summary>The latency family a workload kind's SLO deadline bounds (<c>latency</c>, <c>time_to_video</c>); null for a kind without one.</summary>
    public static string? DeadlineFamily(string workloadKind) => KindRegistry.ForWorkload(workloadKind)?.DeadlineFamily;

    /// <summary>A text workload's figures.</summary>
    public static IReadOnlyList<MeasuredFigureKind> Text { get; } =
    [
        .. LatencyFamilies.SelectMany(f => Latency(f, Family(f))),
        new("throughput_rps", "requests/s", "Completed requests of the workload per second."),
        new("output_tokens_per_s", "tokens/s", "Output tokens of the workload per second."),
        new("goodput_rps", "requests/s", "Completed requests of the workload per second that met every target of its SLO."),
        new("running_sequences_per_replica", "sequences", "Sequences a text replica runs at once, every text workload's together (time-weighted mean over the measured window)."),
        new("requests_in_system_per_replica", "sequences", "Requests in a text replica, queued and running, every text workload's together: Little's law, throughput x mean end-to-end latency / replicas, what a measurement gives as rate x time in system."),
        new("mean_step", "s", "Mean iteration (step) time of the replicas that serve text."),
        new("preemptions", "preemptions", "Times the workload's requests were preempted over the whole run (a running request giving up its KV cache, to be recomputed or swapped back), as summary.json counts them."),
        ItPower,
        new(Capacity, "requests/s", "The highest arrival rate (requests per second) at which the workload meets every target of its own SLO, found as clustersim capacity finds it."),
    ];

    private static readonly Lazy<IReadOnlyList<MeasuredFigureKind>> Union = new(() =>
        [.. KindRegistry.All.SelectMany(k => k.MeasurableFigures).DistinctBy(f => f.Name)]);

    /// <summary>Every figure some workload kind may give, each name once: what the schema's <c>figures</c> takes.</summary>
    public static IReadOnlyList<MeasuredFigureKind> All => Union.Value;

    /// <summary>Every workload kind (<c>kind:</c> of a workload), in the schema's order; each lists its figures (<see cref="For"/>).</summary>
    /// <remarks>Read on first use: the kinds' own lists are built from this class's helpers.</remarks>
    public static IReadOnlyList<string> WorkloadKinds => Kinds.Value;

    private static readonly Lazy<IReadOnlyList<string>> Kinds = new(() => [.. KindRegistry.All.Select(k => k.Name)]);

    /// <summary>The figures a workload of kind <paramref name="workloadKind"/> may give; none for an unknown kind.</summary>
    public static IReadOnlyList<MeasuredFigureKind> For(string workloadKind) => KindRegistry.ForWorkload(workloadKind)?.MeasurableFigures ?? [];

    /// <summary>
    /// The figures of a latency <paramref name="family"/> (<c>{family}_mean</c>, <c>{family}_p50</c>, ...): durations over the
    /// workload's measured requests, as summary.json writes the kind's <c>{family}_s</c>.
    /// </summary>
    public static IEnumerable<MeasuredFigureKind> Latency(string family, string what)
        => LatencyStats.Select(s => new MeasuredFigureKind($"{family}_{s}", "s", $"{what}: {Stat(s)} over the workload's measured requests."));

    /// <summary>The figure called <paramref name="name"/>, of whichever kind lists it.</summary>
    public static MeasuredFigureKind Kind(string name)
        => All.FirstOrDefault(f => f.Name == name) ?? throw new ArgumentException($"unknown measured figure '{name}'", nameof(name));

    /// <summary>Whether <paramref name="name"/> is a figure some workload kind may give.</summary>
    public static bool Contains(string name) => All.Any(f => f.Name == name);

    /// <summary>Figure names with each latency family written once (<c>ttft_*</c>), for a short list in a message or the schema.</summary>
    public static IEnumerable<string> Briefly(IEnumerable<string> names)
    {
        var seen = new HashSet<string>();
        foreach (var name in names)
        {
            var split = name.LastIndexOf('_');
            if (split <= 0 || !LatencyStats.Contains(name[(split + 1)..]))
            {
                yield return name;
            }
            else if (seen.Add(name[..split]))
            {
                yield return name[..split] + "_*";
            }
        }
    }

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
