using ClusterSim.Engine.Core;
using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads.Arrivals;

namespace ClusterSim.Model.Serving.Kinds;

/// <summary>
/// Work of any kind from an arrival process, up to the run's end or a count: the arrival gap is drawn first
/// and the kind's spec factory (which may draw sizes from its own stream) only for an arrival that is kept,
/// so each kind's streams are drawn in the same order whatever the kind.
/// </summary>
/// <typeparam name="TSpec">What the kind's sources produce (a request or session spec).</typeparam>
public class SyntheticSource<TSpec>(IArrivalProcess arrivals, SimRandom arrivalRng, Func<long, TSpec> spec,
    long endNs = long.MaxValue, long maxCount = long.MaxValue) : IKindSource<TSpec>
{
    private double _clockSeconds;
    private long _count;

    public bool TryNext(out TSpec item)
    {
        item = default!;
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
        item = spec(at);
        return true;
    }
}
