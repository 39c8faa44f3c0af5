using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Workloads.Arrivals;

namespace ClusterSim.Model.Serving.Image;

/// <summary>Image requests of one shape from an arrival process, up to the run's end.</summary>
public sealed class SyntheticImageSource(IArrivalProcess arrivals, ImageShape shape, int images, SimRandom arrivalRng, long endNs = long.MaxValue)
    : SyntheticSource<ImageRequestSpec>(arrivals, arrivalRng, at => new ImageRequestSpec(at, shape, images), endNs), IImageSource;
