namespace ClusterSim.Analysis.Planning;

/// <summary>The planner's answer and the frontier it explored.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Class">Class the target rate and the SLOs apply to.</param>
/// <param name="Group">Node group resized.</param>
/// <param name="Deployment">Deployment whose replicas follow the node count.</param>
/// <param name="RatePath">The <c>--set</c> path the target rate was written to.</param>
/// <param name="CostBasis">What every cost is on: <c>rent</c> or <c>own</c> (the scenario's <c>facility.costs.mode</c>).</param>
/// <param name="CostModel">Where the costs come from, for outputs.</param>
/// <param name="Options">Per hardware option, in the order given.</param>
/// <param name="Best">The cheapest option's chosen configuration, or null when no option meets the SLOs.</param>
/// <param name="SimulationRuns">Runs the search took.</param>
/// <param name="BruteForceRuns">Runs trying every node count of every option would take.</param>
public sealed record PlanResult(
    string Scenario,
    string Class,
    string Group,
    string Deployment,
    string RatePath,
    PlanRequest Request,
    int Replications,
    string CostBasis,
    string CostModel,
    IReadOnlyList<PlanOption> Options,
    (PlanOption Option, PlanEvaluation Evaluation)? Best,
    int SimulationRuns,
    int BruteForceRuns)
{
    /// <summary>
    /// Under <see cref="PlanRequest.StepError"/> or <see cref="PlanRequest.RecordError"/>: the cheapest option when each
    /// option's steps take its longest scale (its first <see cref="PlanOption.StepScales"/> entry), the answer a planner
    /// who sizes for the model's misses buys; null when none meets the SLOs there, or no scaled search was made.
    /// Options without a scaled search (<see cref="PlanOption.StepScaleNote"/>) take no part.
    /// </summary>
    public (PlanOption Option, PlanStepScale Scaled)? LongestStepsBest { get; init; }

    /// <summary>The class's workload kind (text, video, image, avatar).</summary>
    public string Kind { get; init; } = Names.TextKind;

    /// <summary>Whether the class is a text one (tokens, LLM steps).</summary>
    public bool IsText => Kind == Names.TextKind;
}
