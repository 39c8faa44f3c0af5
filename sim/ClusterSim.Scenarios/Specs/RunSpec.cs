namespace ClusterSim.Scenarios;

/// <summary>How long and how often to run, and what to write.</summary>
/// <param name="DurationSeconds">Measured simulated time (after warm-up), or null to stop on the request count.</param>
/// <param name="Requests">Stop after this many arrivals, or null to stop on the duration.</param>
/// <param name="WarmupSeconds">Initial time whose requests are not measured.</param>
/// <param name="Seed">Random seed.</param>
/// <param name="Replications">Independent runs with seeds Seed, Seed+1, ...</param>
/// <param name="Outputs">Files to write.</param>
/// <param name="OutDir">Output directory as written, or null for the default.</param>
public sealed record RunSpec(
    double? DurationSeconds,
    long? Requests,
    double WarmupSeconds,
    long Seed,
    int Replications,
    IReadOnlyList<RunOutput> Outputs,
    string? OutDir)
{
    /// <summary>
    /// Most text requests in the system at once (waiting and running), or null for the simulator's default: an arrival
    /// beyond it is dropped as overloaded and the run says how many were. It bounds memory when the offered load has no
    /// ceiling; an offline run that issues more requests at once than the default raises it.
    /// </summary>
    public long? MaxInFlight { get; init; }
}
