using ClusterSim.Model.Performance;

namespace ClusterSim.Analysis.Planning;

/// <summary>One hardware option searched by bisection on the node count.</summary>
/// <param name="Accelerator">Accelerator key put in the node group.</param>
/// <param name="Explored">Configurations evaluated, in the order the search took them.</param>
/// <param name="Chosen">The fewest nodes that meet every SLO, or null when even the most do not.</param>
public sealed record PlanOption(string Accelerator, IReadOnlyList<PlanEvaluation> Explored, PlanEvaluation? Chosen)
{
    /// <summary>Runs of the search, the searches at scaled steps included.</summary>
    public int Runs => Explored.Sum(e => e.Runs) + StepScales.Sum(s => s.Runs);

    /// <summary>
    /// The same search with every LLM step scaled (<see cref="PlanRequest.StepError"/> or <see cref="PlanRequest.RecordError"/>),
    /// longest steps first; empty when neither was asked for or the record holds nothing for this part's kind (<see cref="StepScaleNote"/>).
    /// </summary>
    public IReadOnlyList<PlanStepScale> StepScales { get; init; } = [];

    /// <summary>Under <see cref="PlanRequest.RecordError"/>: the group and figures of the record that set the scales.</summary>
    public string? StepScaleBasis { get; init; }

    /// <summary>Why no scaled search was made for this option where one was asked for (the record holds nothing for its kind).</summary>
    public string? StepScaleNote { get; init; }

    /// <summary>
    /// The deployment on this part as a run compiles it: its efficiency entry and how its kind read against the published
    /// checks (<see cref="ExecutionProvenance.Validation"/>); null where it does not compile on this part.
    /// </summary>
    public ExecutionProvenance? Execution { get; init; }
}
