using ClusterSim.Engine.Core;
using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads.Arrivals;
using ClusterSim.Model.Workloads.Sizes;

namespace ClusterSim.Model.Serving.Avatar;

/// <summary>
/// Sessions from an arrival process and a distribution of lengths in milliseconds, on separate
/// random streams.
/// </summary>
public sealed class SyntheticAvatarSource(
    IArrivalProcess arrivals, ISizeDistribution lengthMs, SimRandom arrivalRng, SimRandom lengthRng,
    long endNs = long.MaxValue, long maxCount = long.MaxValue) : IAvatarSource
{
    private double _clockSeconds;
    private long _count;

    public bool TryNext(out AvatarSessionSpec session)
    {
        session = default;
        if (_count >= maxCount)
        {
            return false;
        }

        _clockSeconds += arrivals.NextGapSeconds(arrivalRng, _clockSeconds);
        var at = SimTime.FromSeconds(_clockSeconds);
        if (at > endNs)
        {
            return false;
        }

        _count++;
        session = new AvatarSessionSpec(at, Math.Max(1, lengthMs.Sample(lengthRng)) * 1_000_000L);
        return true;
    }
}
