namespace ClusterSim.Model.Serving.Kinds;

/// <summary>
/// Optional observer of every step of a step kind's replica (video, image) and every batch of an avatar replica (its
/// frames, or a reply turn): for timelines and busy-over-time charts of small runs, as <see cref="IReplicaTracer"/> is for
/// text replicas. Null costs a null check per step.
/// </summary>
public interface IStepTracer
{
    /// <param name="replica">The replica (its index and pool name the track).</param>
    /// <param name="kind">Its kind: video, image, avatar.</param>
    /// <param name="startNs">When the step started.</param>
    /// <param name="endNs">When it ended.</param>
    /// <param name="batch">Requests in the step (an avatar's: frames, or 1 for a reply turn).</param>
    /// <param name="waiting">Requests (an avatar's: frames) waiting on the replica when the step ended.</param>
    void OnStep(IServingReplica replica, string kind, long startNs, long endNs, int batch, int waiting);
}
