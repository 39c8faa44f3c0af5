namespace ClusterSim.Analysis.Planning;

/// <summary>
/// One configuration the planner looked at: a node count of one hardware option.
/// </summary>
/// <param name="Nodes">Nodes in the resized group.</param>
/// <param name="Replicas">Replicas of the deployment on it: nodes x per_node / (tp x pp), rounded down.</param>
/// <param name="Accelerators">Accelerators of every node group (what is paid for).</param>
/// <param name="CostUsdPerHour">Cost of the cluster per hour, when priced.</param>
/// <param name="CostPerMillionTokens">USD per million output tokens at the measured throughput; NaN when not run or unpriced.</param>
/// <param name="Feasible">Whether every SLO is met (means over the replications).</param>
/// <param name="Values">The figures the SLOs name, plus TTFT and TPOT p99 and throughput, means over replications.</param>
/// <param name="Violations">Each SLO missed, with its figure.</param>
/// <param name="Note">Why the configuration was not simulated (no replica fits, the scenario rejects it), or null.</param>
/// <param name="Runs">Simulation runs it took.</param>
public sealed record PlanEvaluation(
    int Nodes,
    int Replicas,
    long Accelerators,
    double? CostUsdPerHour,
    double CostPerMillionTokens,
    bool Feasible,
    IReadOnlyDictionary<string, double> Values,
    IReadOnlyList<string> Violations,
    string? Note,
    int Runs);
