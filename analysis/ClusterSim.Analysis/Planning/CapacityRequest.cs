namespace ClusterSim.Analysis.Planning;

/// <summary>
/// A capacity question: the highest arrival rate of one text class at which every SLO holds.
/// See <see cref="CapacitySearch"/> for how it is answered.
/// </summary>
public sealed record CapacityRequest
{
    /// <summary>Doublings (or halvings) from the start rate the bracket may take before giving up: 2^20 x start up, start / 2^20 down.</summary>
    public const int MaxDoublings = 20;

    /// <summary>The scenario file, or null for the embedded default.</summary>
    public string? ScenarioPath { get; init; }

    /// <summary>Fixed <c>--set PATH=VALUE</c> overrides applied first.</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];

    public required IReadOnlyList<SloConstraint> Slos { get; init; }

    /// <summary>The class whose rate is searched and whose figures the SLOs apply to; null when the scenario has one.</summary>
    public string? Class { get; init; }

    /// <summary>Runs per rate (seeds seed, seed+1, ..., the same at every rate); null: the scenario's run.replications, at least 3.</summary>
    public int? Replications { get; init; }

    /// <summary>Level of the confidence intervals, in (0, 1).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Lowest rate searched (requests per second), and where the search starts; null: start at the scenario's own rate and halve down as needed.</summary>
    public double? Low { get; init; }

    /// <summary>Highest rate searched; null: up to 2^20 x the start rate. A capacity at or above it is reported as "at least".</summary>
    public double? High { get; init; }

    /// <summary>Relative width at which bisection stops: the failing rate is within Tolerance x the passing one.</summary>
    public double Tolerance { get; init; } = 0.02;

    /// <summary>Base seed of the replications; null: the scenario's run.seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Replications run at once; 0: one per core.</summary>
    public int Parallelism { get; init; }

    /// <summary>
    /// The execution model's error to carry into the answer, as a fraction (0.1: steps 10 % longer or shorter than
    /// predicted); null: none. The search is repeated with every LLM step scaled by 1 + StepError and by 1 - StepError
    /// (<c>execution_model.step_scale</c>), and the answer says what capacity each would give.
    /// </summary>
    public double? StepError { get; init; }

    /// <summary>
    /// Carry the published checks of each deployment's kind into the answer (<c>--record-error</c>): the search is
    /// repeated with every LLM step scaled by 1 + the largest and 1 + the smallest signed error the validation record
    /// holds for the deployments' groups (their capacities at an SLO, or their throughputs where no capacity was
    /// checked), so the answer says what capacity the model's own record of misses would give. Not with <see cref="StepError"/>.
    /// </summary>
    public bool RecordError { get; init; }

    /// <summary>Stops the search (with <see cref="OperationCanceledException"/>, mid-run) once cancelled: Ctrl-C.</summary>
    public CancellationToken Cancellation { get; init; }
}
