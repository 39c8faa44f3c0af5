namespace ClusterSim.Model.Runs;

/// <summary>
/// What an <see cref="IRunObserver"/> wants to hear about. The run wires only what someone asked
/// for, so an observer of completions adds nothing to the per-iteration path.
/// </summary>
[Flags]
public enum RunEvents
{
    None = 0,

    /// <summary><see cref="IRunObserver.OnRequestCompleted"/> and <see cref="IRunObserver.OnRequestDropped"/> (text requests).</summary>
    Requests = 1,

    /// <summary><see cref="IRunObserver.OnIteration"/> and <see cref="IRunObserver.OnPreemption"/> (text replicas).</summary>
    Iterations = 2,

    /// <summary><see cref="IRunObserver.OnProgress"/>, about once per simulated second.</summary>
    Progress = 4,
}
