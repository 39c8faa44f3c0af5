namespace ClusterSim.Analysis.Planning;

/// <summary>
/// One hardware option searched again with every LLM step <paramref name="StepScale"/> times as long as predicted
/// (<see cref="PlanRequest.StepError"/>, <see cref="PlanRequest.RecordError"/>): the node count the model's own error
/// would call for.
/// </summary>
/// <param name="StepScale">The factor (1 + error, or 1 - error; from the record, 1 + its largest and smallest error).</param>
/// <param name="Explored">Configurations evaluated at that scale, in the order the search took them.</param>
/// <param name="Chosen">The fewest nodes that meet every SLO at that scale, or null when even the most do not.</param>
public sealed record PlanStepScale(double StepScale, IReadOnlyList<PlanEvaluation> Explored, PlanEvaluation? Chosen)
{
    public int Runs => Explored.Sum(e => e.Runs);
}
