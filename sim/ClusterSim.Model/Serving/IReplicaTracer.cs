using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving;

/// <summary>
/// Optional observer of every iteration and preemption (for timelines of small runs). Null costs a
/// null check per iteration; a tracer costs whatever it records.
/// </summary>
public interface IReplicaTracer
{
    void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape);

    void OnPreemption(Replica replica, TextRequest victim, long nowNs);
}
