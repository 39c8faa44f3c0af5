using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Admission;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Tests.Plugins;

/// <summary>A test plug-in admission policy: refuses every <c>every</c>-th arrival it is asked about (1-based).</summary>
public sealed class EveryNthRefusedAdmission(IReadOnlyDictionary<string, double> parameters) : IAdmissionPolicy
{
    private readonly long _every = (long)parameters["every"];
    private long _asked;

    public string Name => "every_nth_refused";

    public bool Admit(TextRequest request, IReplicaView replica, long nowNs) => ++_asked % _every != 0;
}
