namespace ClusterSim.Scenarios.Policies;

/// <summary>A place in the simulator where a scenario picks an implementation by name.</summary>
public enum PolicySeam
{
    /// <summary><c>policies.routing</c>: which replica serves a request.</summary>
    Routing,

    /// <summary><c>policies.batching</c>: what the next iteration of a replica computes.</summary>
    Batching,

    /// <summary><c>policies.scheduling</c>: the order of a replica's waiting queue (a queue discipline).</summary>
    Scheduling,

    /// <summary><c>policies.admission</c>: which requests are let in.</summary>
    Admission,

    /// <summary><c>policies.preemption</c>: what happens when KV memory runs out.</summary>
    Preemption,

    /// <summary><c>execution_model</c>: how long an iteration takes.</summary>
    ExecutionModel,
}
