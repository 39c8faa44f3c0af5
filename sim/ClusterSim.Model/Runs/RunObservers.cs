using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Avatar;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Runs;

/// <summary>Observers made from the older single-purpose interfaces (a request log, a replica tracer).</summary>
public static class RunObservers
{
    /// <summary>Every request that leaves the system, completed or dropped, written to <paramref name="log"/>.</summary>
    public static IRunObserver FromLog(IRequestLog log) => new LogObserver(log ?? throw new ArgumentNullException(nameof(log)));

    /// <summary>Every iteration and preemption passed to <paramref name="tracer"/> (and every video or image step, where it is an <see cref="IStepTracer"/>).</summary>
    public static IRunObserver FromTracer(IReplicaTracer tracer) => new TracerObserver(tracer ?? throw new ArgumentNullException(nameof(tracer)));

    private sealed class LogObserver(IRequestLog log) : IRunObserver
    {
        public RunEvents Events => RunEvents.Requests;

        public void OnRequestCompleted(TextRequest request, string className) => log.Write(request, className);

        public void OnRequestDropped(TextRequest request, string className) => log.Write(request, className);

        // A log that takes video and image requests too gets them.
        public void OnKindRequestCompleted(StepRequest request, string kind, string className) => (log as IKindRequestLog)?.Write(request, kind, className);

        public void OnKindRequestRefused(StepRequest request, string kind, string className) => (log as IKindRequestLog)?.Refused(request, kind, className);

        public void OnAvatarSession(AvatarSessionRecord session, string className) => (log as IKindRequestLog)?.Session(session, className);
    }

    private sealed class TracerObserver(IReplicaTracer tracer) : IRunObserver
    {
        public RunEvents Events => RunEvents.Iterations;

        public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape) => tracer.OnIteration(replica, startNs, endNs, in shape);

        public void OnPreemption(Replica replica, TextRequest victim, long nowNs) => tracer.OnPreemption(replica, victim, nowNs);

        // A tracer that follows video and image steps too gets them.
        public void OnStep(IServingReplica replica, string kind, long startNs, long endNs, int batch, int waiting)
            => (tracer as IStepTracer)?.OnStep(replica, kind, startNs, endNs, batch, waiting);
    }
}
