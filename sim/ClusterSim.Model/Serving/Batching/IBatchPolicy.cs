namespace ClusterSim.Model.Serving.Batching;

/// <summary>
/// Decides what the next iteration of an idle replica computes. The policy admits waiting
/// requests and schedules prefill chunks and decodes through the <see cref="BatchBuilder"/>;
/// it either runs the iteration or names a time to be asked again.
/// </summary>
public interface IBatchPolicy
{
    string Name { get; }

    /// <returns>
    /// True to run what was scheduled. False to stay idle: then <paramref name="wakeAtNs"/> is
    /// when to ask again (or -1 to wait for the next arrival).
    /// </returns>
    bool Plan(BatchBuilder batch, out long wakeAtNs);

    /// <summary>
    /// True when, with nothing waiting and nothing prefilling, this policy always plans the same
    /// decode-only iteration. The replica may then run such iterations back to back without an
    /// event each (and splits the run the moment a request arrives). Off unless a policy says so.
    /// </summary>
    bool RepeatsDecodeOnly => false;

    /// <summary>
    /// Decode steps per scheduling round (vLLM 0.6's multi-step scheduling, --num-scheduler-steps): once a round of
    /// decodes starts, the replica admits nothing new until it has run this many steps, so an arrival waits for the
    /// round's end. 1: the scheduler runs before every step.
    /// </summary>
    int SchedulerSteps => 1;
}
