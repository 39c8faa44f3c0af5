using ClusterSim.Analysis.Statistics;
using ClusterSim.Model.Performance;

namespace ClusterSim.Analysis.Planning;

/// <summary>How a capacity search ended.</summary>
public enum CapacityOutcome
{
    /// <summary>A rate that meets every SLO and one above it, within the tolerance, that does not.</summary>
    Found,

    /// <summary>The highest rate searched meets every SLO: the capacity is at least that.</summary>
    AtLeast,

    /// <summary>Not even the lowest rate searched meets every SLO.</summary>
    None,
}

/// <summary>Where a bracket-and-bisect search on the rate ended (see <see cref="CapacitySearch.Bisect"/>).</summary>
/// <param name="Passing">Highest rate tried that meets the SLOs; null when none did.</param>
/// <param name="Failing">Lowest rate tried above <paramref name="Passing"/> that does not; null when none failed.</param>
public readonly record struct RateBracket(CapacityOutcome Outcome, double? Passing, double? Failing);

/// <summary>One rate the search ran, all replications.</summary>
/// <param name="Rate">Requests per second of the class.</param>
/// <param name="Meets">Whether every SLO holds on the mean over the replications.</param>
/// <param name="Figures">Per SLO metric and per <see cref="OperatingPoint.Names"/> figure: the interval over the replications.</param>
/// <param name="Violations">Each SLO missed, with its mean.</param>
/// <param name="RunningFromSeries">Whether running sequences came from the running-set series in every replication (else Little's law somewhere).</param>
/// <param name="Note">Why some replication gave no figures (the run failed), or null.</param>
/// <param name="BusyShares">Where the text replicas' busy time went at this rate, each part's share, the mean over the replications; null when their execution models have no parts.</param>
public sealed record CapacityProbe(
    double Rate,
    bool Meets,
    IReadOnlyDictionary<string, ConfidenceInterval> Figures,
    IReadOnlyList<string> Violations,
    bool RunningFromSeries,
    string? Note,
    IReadOnlyList<(string Name, double Share)>? BusyShares = null);

/// <summary>One replication's seed searched on its own: its capacity, for the interval of the capacity.</summary>
public sealed record ReplicationCapacity(int Index, ulong Seed, RateBracket Bracket);

/// <summary>The answer of <see cref="CapacitySearch.Find"/>.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Class">The class whose rate was searched.</param>
/// <param name="RatePath">The <c>--set</c> path the rate was written to.</param>
/// <param name="Replications">Runs per rate.</param>
/// <param name="BaseSeed">Seed of replication 0; replication i runs seed + i at every rate.</param>
/// <param name="Start">Rate the search started at.</param>
/// <param name="Floor">Lowest rate it could try.</param>
/// <param name="Ceiling">Highest rate it could try.</param>
/// <param name="Bracket">The search on the means over replications: the answer.</param>
/// <param name="CapacityInterval">Student-t interval over the per-replication capacities; NaN half-width with fewer than two, or when one is not a found capacity.</param>
/// <param name="PerReplication">Each replication's own search.</param>
/// <param name="Probes">Rates the search on the means ran, in the order it ran them.</param>
/// <param name="SimulationRuns">Runs it took (one per rate and replication, shared between the searches).</param>
/// <param name="RunWallSeconds">Wall-clock seconds the runs took, added up (not deterministic).</param>
public sealed record CapacityResult(
    string Scenario,
    string Class,
    string RatePath,
    CapacityRequest Request,
    int Replications,
    ulong BaseSeed,
    double Start,
    double Floor,
    double Ceiling,
    RateBracket Bracket,
    ConfidenceInterval CapacityInterval,
    IReadOnlyList<ReplicationCapacity> PerReplication,
    IReadOnlyList<CapacityProbe> Probes,
    int SimulationRuns,
    double RunWallSeconds)
{
    /// <summary>The class's workload kind (text, video, image, avatar): which operating-point figures it has.</summary>
    public string Kind { get; init; } = Names.TextKind;

    /// <summary>Whether the class is a text one, with the text operating point (running sequences, tokens).</summary>
    public bool IsText => Kind == Names.TextKind;

    /// <summary>The capacity: the highest rate tried that meets every SLO; null when none does.</summary>
    public double? Capacity => Bracket.Passing;

    /// <summary>The operating point at the capacity (the probe at that rate); null when none meets the SLOs.</summary>
    public CapacityProbe? Answer => Bracket.Passing is { } rate ? Probes.First(p => p.Rate == rate) : null;

    /// <summary>
    /// The same search with every LLM step scaled (<see cref="CapacityRequest.StepError"/>): longer steps first, then
    /// shorter; empty when no step error was asked for.
    /// </summary>
    public IReadOnlyList<StepSensitivity> Sensitivity { get; init; } = [];

    /// <summary>
    /// Where <see cref="Sensitivity"/>'s scales came from under <see cref="CapacityRequest.RecordError"/>: the groups of
    /// published checks and the family whose extreme errors set them; null otherwise.
    /// </summary>
    public string? RecordErrorBasis { get; init; }

    /// <summary>
    /// Each text deployment's efficiency entry and how its kind of deployment read against published measurements
    /// (<see cref="ExecutionProvenance.Validation"/>): how far to trust the capacity, beside it.
    /// </summary>
    public IReadOnlyList<ExecutionProvenance> Execution { get; init; } = [];
}

/// <summary>What the capacity would be if every LLM step took <paramref name="StepScale"/> times the predicted time.</summary>
/// <param name="StepScale">The factor (1 + error, or 1 - error).</param>
/// <param name="Result">The whole search at that scale (its own probes, interval and operating point).</param>
public sealed record StepSensitivity(double StepScale, CapacityResult Result);
