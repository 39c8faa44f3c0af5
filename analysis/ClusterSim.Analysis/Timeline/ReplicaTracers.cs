using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Analysis.Timeline;

/// <summary>A cluster takes one tracer: this lets several observe the same run (timeline and utilization).</summary>
public static class ReplicaTracers
{
    /// <summary>Null when none is given, the tracer itself for one, else one that calls each in order.</summary>
    public static IReplicaTracer? Combine(params IReplicaTracer?[] tracers)
    {
        var present = tracers.OfType<IReplicaTracer>().ToArray();
        return present.Length switch
        {
            0 => null,
            1 => present[0],
            _ => new Composite(present),
        };
    }

    private sealed class Composite(IReplicaTracer[] tracers) : IReplicaTracer, IStepTracer
    {
        public void OnStep(IServingReplica replica, string kind, long startNs, long endNs, int batch, int waiting)
        {
            foreach (var t in tracers)
            {
                (t as IStepTracer)?.OnStep(replica, kind, startNs, endNs, batch, waiting);
            }
        }

        public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape)
        {
            foreach (var t in tracers)
            {
                t.OnIteration(replica, startNs, endNs, in shape);
            }
        }

        public void OnPreemption(Replica replica, TextRequest victim, long nowNs)
        {
            foreach (var t in tracers)
            {
                t.OnPreemption(replica, victim, nowNs);
            }
        }
    }
}
