namespace ClusterSim.Model.Serving.Avatar;

/// <summary>A frame (or a reply turn) waiting for its replica.</summary>
internal readonly record struct AvatarJob(AvatarSession Session, long ReleaseNs, long Id, bool Turn);
