using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Workloads.Arrivals;
using ClusterSim.Model.Workloads.Sizes;

namespace ClusterSim.Model.Serving.Avatar;

/// <summary>
/// Sessions from an arrival process and a distribution of lengths in milliseconds, on separate
/// random streams.
/// </summary>
public sealed class SyntheticAvatarSource(
    IArrivalProcess arrivals, ISizeDistribution lengthMs, SimRandom arrivalRng, SimRandom lengthRng,
    long endNs = long.MaxValue, long maxCount = long.MaxValue)
    : SyntheticSource<AvatarSessionSpec>(arrivals, arrivalRng,
        at => new AvatarSessionSpec(at, Math.Max(1, lengthMs.Sample(lengthRng)) * 1_000_000L), endNs, maxCount), IAvatarSource;
