using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Video;

/// <summary>A stream of video requests in non-decreasing arrival order, produced lazily.</summary>
public interface IVideoSource : IKindSource<VideoRequestSpec>;
