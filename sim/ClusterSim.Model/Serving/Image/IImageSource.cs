using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Image;

/// <summary>A stream of image requests in non-decreasing arrival order, produced lazily.</summary>
public interface IImageSource : IKindSource<ImageRequestSpec>;
