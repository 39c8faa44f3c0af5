using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Workloads.Arrivals;
using ClusterSim.Model.Workloads.Sizes;

namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// Video requests from an arrival process and a distribution of lengths in frames. Arrivals and
/// lengths draw from separate streams, so changing one never moves the other.
/// </summary>
public sealed class SyntheticVideoSource(
    IArrivalProcess arrivals, ISizeDistribution frames, int width, int height, int steps, double fps,
    SimRandom arrivalRng, SimRandom sizeRng, long endNs = long.MaxValue, long maxCount = long.MaxValue)
    : SyntheticSource<VideoRequestSpec>(arrivals, arrivalRng,
        at => new VideoRequestSpec(at, width, height, Math.Max(1, frames.Sample(sizeRng)), steps, fps), endNs, maxCount), IVideoSource;
