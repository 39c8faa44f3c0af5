namespace ClusterSim.Analysis.Planning;

/// <summary>What the planner minimises among the configurations that meet every SLO.</summary>
public enum PlanObjective
{
    /// <summary>USD per hour of the whole cluster.</summary>
    CostPerHour,

    /// <summary>USD per million output tokens served at the target load (all classes).</summary>
    CostPerMillionTokens,
}
