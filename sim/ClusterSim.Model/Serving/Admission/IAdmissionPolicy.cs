using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Admission;

/// <summary>
/// Decides whether a new text request is let in (scenario key <c>policies.admission</c>), after the router has
/// chosen its replica and before it joins that replica's queue. A refused request is dropped and counted.
/// One instance serves one pool for one run.
/// </summary>
public interface IAdmissionPolicy
{
    string Name { get; }

    /// <param name="request">The arriving request.</param>
    /// <param name="replica">The replica the router chose.</param>
    /// <param name="nowNs">Simulated time of the arrival.</param>
    bool Admit(TextRequest request, IReplicaView replica, long nowNs);
}
