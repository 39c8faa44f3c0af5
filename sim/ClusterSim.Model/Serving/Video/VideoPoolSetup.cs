using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Video;

/// <summary>A set of identical video replicas (one deployment).</summary>
public sealed record VideoPoolSetup(string Name, int Replicas, VideoCostModel Cost) : StepPoolSetup(Name, Replicas)
{
    /// <summary>
    /// Re-decide between denoising steps, so work the discipline ranks higher takes the replica
    /// from a started video (whose latent stays in memory: tens of MB, nothing to recompute).
    /// Off: a batch runs to its end, joined only by same-shaped requests at the head of the queue.
    /// </summary>
    public bool PreemptBetweenSteps { get; init; } = true;
}
