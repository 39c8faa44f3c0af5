using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Admission;

/// <summary>Admission <c>none</c>: every request is let in (the KV cache and batch policy still make it wait).</summary>
internal sealed class AdmitAll(string name) : IAdmissionPolicy
{
    public string Name => name;

    public bool Admit(TextRequest request, IReplicaView replica, long nowNs) => true;
}
