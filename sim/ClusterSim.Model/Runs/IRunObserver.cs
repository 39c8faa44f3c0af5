using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Avatar;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Runs;

/// <summary>
/// Watches a run without taking part in it: whatever an observer records, the simulation is the
/// same as without it (tested). Implement the callbacks named in <see cref="Events"/>; the others
/// are never called. Attach as many as needed to one run (<see cref="ClusterRun"/>).
/// </summary>
public interface IRunObserver
{
    /// <summary>Which callbacks this observer wants; read once, when the run is prepared.</summary>
    RunEvents Events { get; }

    /// <summary>A text request finished; called once per request.</summary>
    void OnRequestCompleted(TextRequest request, string className)
    {
    }

    /// <summary>A video or image request finished (<see cref="RunEvents.Requests"/>); called once per request.</summary>
    void OnKindRequestCompleted(StepRequest request, string kind, string className)
    {
    }

    /// <summary>A video or image request was turned away at arrival (<see cref="RunEvents.Requests"/>); called once per request.</summary>
    void OnKindRequestRefused(StepRequest request, string kind, string className)
    {
    }

    /// <summary>An avatar session streamed to its end or was rejected at arrival (<see cref="RunEvents.Requests"/>); called once per session.</summary>
    void OnAvatarSession(AvatarSessionRecord session, string className)
    {
    }

    /// <summary>A text request was dropped (it can never be served); called once per request.</summary>
    void OnRequestDropped(TextRequest request, string className)
    {
    }

    /// <summary>
    /// One iteration of a text replica from <paramref name="startNs"/> to <paramref name="endNs"/>. The
    /// steps of a decode run (simulated as one event) are reported one by one, in order, once the run ends.
    /// </summary>
    void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape)
    {
    }

    /// <summary>
    /// One step of a video or image replica from <paramref name="startNs"/> to <paramref name="endNs"/> with
    /// <paramref name="batch"/> requests in it (<see cref="RunEvents.Iterations"/>, as a text iteration).
    /// </summary>
    void OnStep(IServingReplica replica, string kind, long startNs, long endNs, int batch, int waiting)
    {
    }

    /// <summary>A running request was preempted to free KV cache.</summary>
    void OnPreemption(Replica replica, TextRequest victim, long nowNs)
    {
    }

    /// <summary>Simulated time reached <paramref name="nowNs"/>.</summary>
    void OnProgress(long nowNs)
    {
    }

    /// <summary>The run ended with <paramref name="result"/> (not called when it failed or was cancelled).</summary>
    void OnRunFinished(ServingResult result)
    {
    }
}
