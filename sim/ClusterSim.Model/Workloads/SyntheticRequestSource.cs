using ClusterSim.Engine.Core;
using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads.Arrivals;
using ClusterSim.Model.Workloads.Sizes;

namespace ClusterSim.Model.Workloads;

/// <summary>
/// Requests from an arrival process and their sizes (two distributions, or a dataset's pairs). Arrivals and sizes draw from
/// separate streams, so changing a size distribution never moves an arrival time. Give each
/// source its own arrival-process instance: MMPP and superposition keep per-stream state.
/// </summary>
public sealed class SyntheticRequestSource : IRequestSource
{
    private readonly IArrivalProcess _arrivals;
    private readonly ISizePair _sizes;
    private readonly SimRandom _arrivalRng;
    private readonly SimRandom _sizeRng;
    private readonly long _endNs;
    private readonly long _maxCount;
    private double _clockSeconds;
    private long _count;

    public SyntheticRequestSource(
        IArrivalProcess arrivals, ISizeDistribution prompt, ISizeDistribution output,
        SimRandom arrivalRng, SimRandom sizeRng, long startNs = 0, long endNs = long.MaxValue, long maxCount = long.MaxValue)
        : this(arrivals, new IndependentSizes(prompt, output), arrivalRng, sizeRng, startNs, endNs, maxCount)
    {
    }

    /// <summary>As above, with each request's prompt and output lengths drawn together (<paramref name="sizes"/>).</summary>
    public SyntheticRequestSource(
        IArrivalProcess arrivals, ISizePair sizes,
        SimRandom arrivalRng, SimRandom sizeRng, long startNs = 0, long endNs = long.MaxValue, long maxCount = long.MaxValue)
    {
        _arrivals = arrivals;
        _sizes = sizes ?? throw new ArgumentNullException(nameof(sizes));
        _arrivalRng = arrivalRng;
        _sizeRng = sizeRng;
        _endNs = endNs;
        _maxCount = maxCount;
        _clockSeconds = SimTime.ToSeconds(startNs);
    }

    public bool TryNext(out TextRequestSpec request)
    {
        if (_count >= _maxCount)
        {
            request = default;
            return false;
        }

        // Accumulate in seconds (double) and round once, so rounding never drifts the rate.
        _clockSeconds += _arrivals.NextGapSeconds(_arrivalRng, _clockSeconds);
        // An arrival past the last nanosecond a run can represent (292 years; a rate of 1e-300 per second draws such
        // gaps) never happens: the source has ended.
        if (!(_clockSeconds <= long.MaxValue / (double)SimTime.Second))
        {
            request = default;
            return false;
        }

        var at = SimTime.FromSeconds(_clockSeconds);
        if (at > _endNs)
        {
            request = default;
            return false;
        }

        _count++;
        var (prompt, output, prefix) = _sizes.SampleRequest(_sizeRng);
        request = new TextRequestSpec(at, prompt, output, prefix);
        return true;
    }
}
