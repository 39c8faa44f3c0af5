using ClusterSim.Model.Performance;

namespace ClusterSim.Analysis.Planning;

/// <summary>One hardware option searched by bisection on the node count.</summary>
/// <param name="Accelerator">Accelerator key put in the node group.</param>
/// <param name="Explored">Configurations evaluated, in the order the search took them.</param>
/// <param name="Chosen">The fewest nodes that meet every SLO, or null when even the most do not.</param>
public sealed record PlanOption(string Accelerator, IReadOnlyList<PlanEvaluation> Explored, PlanEvaluation? Chosen)
{
    public int Runs => Explored.Sum(e => e.Runs);

    /// <summary>
    /// The deployment on this part as a run compiles it: its efficiency entry and how its kind read against the published
    /// checks (<see cref="ExecutionProvenance.Validation"/>); null where it does not compile on this part.
    /// </summary>
    public ExecutionProvenance? Execution { get; init; }
}
