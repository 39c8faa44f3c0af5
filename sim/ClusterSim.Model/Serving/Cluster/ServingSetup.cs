using ClusterSim.Model.Facility;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Routing;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>Everything a serving run needs, already resolved from a scenario (or built by a test).</summary>
public sealed record ServingSetup
{
    public string Name { get; init; } = "scenario";

    public ulong Seed { get; init; } = 1;

    /// <summary>Where each LLM deployment's iteration times come from (reported in summary.json).</summary>
    public IReadOnlyList<Performance.ExecutionProvenance> Execution { get; init; } = [];

    /// <summary>What the set-up assumed or derived, one line each (reported with the run).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Text classes (may be empty when the cluster serves only video or avatars).</summary>
    public required IReadOnlyList<ClassSetup> Classes { get; init; }

    /// <summary>Text (LLM) replica pools.</summary>
    public required IReadOnlyList<PoolSetup> Pools { get; init; }

    /// <summary>
    /// Other workload kinds (video, avatar, image, ...) served beside text on the same simulation, each
    /// with its own pools and classes; their replicas are numbered after the text replicas, in this order.
    /// </summary>
    public IReadOnlyList<IKindSetup> Kinds { get; init; } = [];

    public Func<IRouter> Router { get; init; } = () => new LeastOutstandingRouter();

    /// <summary>Chooses the decode replica for a disaggregated hand-over.</summary>
    public Func<IRouter> DecodeRouter { get; init; } = () => new LeastOutstandingRouter();

    /// <summary>Link KV moves over from a prefill to a decode replica (bytes per second, one per prefill replica).</summary>
    public double KvLinkBytesPerSecond { get; init; } = 50e9;

    public long KvLinkLatencyNs { get; init; } = 5_000;

    /// <summary>
    /// The fabric between nodes (bytes per second each way for one transfer): caps every KV transfer on top
    /// of its two ends' links. Unlimited by default: a non-blocking fat tree gives each NIC its full rate.
    /// </summary>
    public double KvFabricBytesPerSecond { get; init; } = double.PositiveInfinity;

    /// <summary>
    /// Hold new requests in one cluster-wide FIFO and dispatch each to a replica only when one has
    /// room (fewer running than its max sequences), as a gateway with a central queue does; with
    /// one sequence per replica this is exactly the M/M/c discipline. Off: route on arrival.
    /// </summary>
    public bool CentralQueue { get; init; }

    /// <summary>Requests arriving before this are served but left out of latency statistics.</summary>
    public long WarmupNs { get; init; }

    /// <summary>When arrivals stop (the scenario's duration after warm-up); rates are measured up to here, not over the drain. long.MaxValue: the end of the run.</summary>
    public long ArrivalEndNs { get; init; } = long.MaxValue;

    /// <summary>Stop the run here even if work remains (in flight at the end is reported).</summary>
    public long MaxTimeNs { get; init; } = long.MaxValue;

    /// <summary>The facility the replicas draw power from (energy, throttling, caps, cost); null for none.</summary>
    public FacilitySetup? Facility { get; init; }

    /// <summary>
    /// Most text requests in the system at once (waiting and running, all classes): an arrival beyond it
    /// is dropped as overloaded and the run says how many were. Far above any system that keeps up (two
    /// million requests are ~0.5 GB of state), it bounds memory when the offered load has no ceiling.
    /// </summary>
    public long MaxInFlight { get; init; } = DefaultMaxInFlight;

    /// <summary>The default of <see cref="MaxInFlight"/>.</summary>
    public const long DefaultMaxInFlight = 2_000_000;

    /// <summary>Keep the clock running (idle) at least to here: a facility draws power for the whole run.</summary>
    public long MinEndNs { get; init; }
}
