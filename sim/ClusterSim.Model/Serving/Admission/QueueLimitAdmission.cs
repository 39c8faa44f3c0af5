using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Admission;

/// <summary>Admission <c>queue_limit</c>: refuse a request when the chosen replica already has <c>max_queue</c> waiting.</summary>
internal sealed class QueueLimitAdmission(int maxQueue) : IAdmissionPolicy
{
    public string Name => "queue_limit";

    public int MaxQueue => maxQueue;

    public bool Admit(TextRequest request, IReplicaView replica, long nowNs) => replica.WaitingCount < maxQueue;
}
