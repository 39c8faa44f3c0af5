using ClusterSim.Engine.Core;
using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads.Arrivals;

namespace ClusterSim.Model.Serving.Image;

/// <summary>Image requests of one shape from an arrival process, up to the run's end.</summary>
public sealed class SyntheticImageSource(IArrivalProcess arrivals, ImageShape shape, int images, SimRandom arrivalRng, long endNs = long.MaxValue) : IImageSource
{
    private double _clockSeconds;

    public bool TryNext(out ImageRequestSpec request)
    {
        request = default;
        _clockSeconds += arrivals.NextGapSeconds(arrivalRng, _clockSeconds);
        var at = SimTime.FromSeconds(_clockSeconds);
        if (at > endNs)
        {
            return false;
        }

        request = new ImageRequestSpec(at, shape, images);
        return true;
    }
}
