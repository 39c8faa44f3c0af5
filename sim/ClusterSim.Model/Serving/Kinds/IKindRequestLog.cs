using ClusterSim.Model.Serving.Avatar;

namespace ClusterSim.Model.Serving.Kinds;

/// <summary>
/// Receives every video or image request when it completes or is turned away, as <see cref="Cluster.IRequestLog"/> does text
/// ones, and every avatar session when it ends or is rejected.
/// </summary>
public interface IKindRequestLog
{
    /// <param name="request">The request, completed.</param>
    /// <param name="kind">Its kind: video, image.</param>
    /// <param name="className">Its class (workload) name.</param>
    void Write(StepRequest request, string kind, string className);

    /// <summary>A request turned away at arrival (its replica's queue was full); never scheduled, never completed.</summary>
    void Refused(StepRequest request, string kind, string className)
    {
    }

    /// <summary>An avatar session that streamed to its end, or was rejected at arrival; called once per session.</summary>
    void Session(AvatarSessionRecord session, string className)
    {
    }
}
