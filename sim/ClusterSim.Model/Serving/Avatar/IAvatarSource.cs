using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Avatar;

/// <summary>A stream of avatar sessions in non-decreasing arrival order, produced lazily.</summary>
public interface IAvatarSource : IKindSource<AvatarSessionSpec>;
