namespace ClusterSim.Model.Serving.Scheduling;

/// <summary>The order in which a replica takes waiting work (scenario key <c>policies.scheduling</c>).</summary>
public enum SchedulingPolicy
{
    /// <summary>First come, first served (the default: a FIFO, preempted work back at the front).</summary>
    Fcfs,

    /// <summary>Strict priority: a higher class priority always goes first; first come within a priority.</summary>
    Priority,

    /// <summary>Earliest deadline first: ready time plus the class's deadline (TTFT, video deadline, frame deadline).</summary>
    Edf,

    /// <summary>Smallest job first (prompt tokens, video work, frame work).</summary>
    ShortestFirst,

    /// <summary>Weighted fair sharing between classes: each gets service in proportion to its weight.</summary>
    Fair,
}
