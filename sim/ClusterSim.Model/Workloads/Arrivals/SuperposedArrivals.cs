using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Arrivals;

/// <summary>
/// Several arrival processes merged into one stream: each component keeps its own next arrival
/// and the earliest goes next, so the merge is exact whatever the components are (the rate is the
/// sum of theirs). Components that are themselves stateful each see only their own arrivals.
/// </summary>
/// <remarks>
/// Holds per-component state: one instance per stream (see <see cref="IArrivalProcess"/>).
/// <see cref="LastComponent"/> says which component produced the latest arrival, so a caller can
/// tag traffic classes.
/// </remarks>
public sealed class SuperposedArrivals : IArrivalProcess
{
    private const double BackwardsToleranceSeconds = 1e-6;

    private readonly IArrivalProcess[] _components;
    private readonly double[] _next;
    private bool _started;
    private double _clock;

    public SuperposedArrivals(params IArrivalProcess[] components)
        : this((IEnumerable<IArrivalProcess>)components)
    {
    }

    public SuperposedArrivals(IEnumerable<IArrivalProcess> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        _components = components.ToArray();
        if (_components.Length == 0 || _components.Any(c => c is null))
        {
            throw new ArgumentException("a superposition needs at least one component and no null ones", nameof(components));
        }

        if (_components.Distinct(ReferenceEqualityComparer.Instance).Count() != _components.Length)
        {
            // One instance twice would advance its state for two streams: the rate would be wrong.
            throw new ArgumentException("each component must be a distinct instance", nameof(components));
        }

        _next = new double[_components.Length];
        MeanRate = _components.Sum(c => c.MeanRate);
    }

    public double MeanRate { get; }

    public IReadOnlyList<IArrivalProcess> Components => _components;

    /// <summary>Index of the component that produced the latest arrival (-1 before the first).</summary>
    public int LastComponent { get; private set; } = -1;

    public double NextGapSeconds(SimRandom rng, double nowSeconds)
    {
        if (!_started)
        {
            _started = true;
            _clock = nowSeconds;
            for (var i = 0; i < _components.Length; i++)
            {
                _next[i] = nowSeconds + _components[i].NextGapSeconds(rng, nowSeconds);
            }
        }
        else if (nowSeconds < _clock - BackwardsToleranceSeconds)
        {
            throw new InvalidOperationException(
                $"time went backwards ({nowSeconds} s after an arrival at {_clock} s): a superposition serves one stream");
        }

        while (true)
        {
            // Earliest component next; ties go to the lower index, so the order is deterministic.
            var first = 0;
            for (var i = 1; i < _next.Length; i++)
            {
                if (_next[i] < _next[first])
                {
                    first = i;
                }
            }

            var t = _next[first];
            _next[first] = t + _components[first].NextGapSeconds(rng, t);

            // Arrivals before now belong to time the caller skipped: drop them.
            if (t < nowSeconds - BackwardsToleranceSeconds)
            {
                continue;
            }

            _clock = Math.Max(t, _clock);
            LastComponent = first;
            return Math.Max(0, t - nowSeconds);
        }
    }
}
