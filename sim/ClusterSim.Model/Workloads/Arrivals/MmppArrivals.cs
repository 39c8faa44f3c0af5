using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Arrivals;

/// <summary>
/// Bursts: a two-state Markov-modulated Poisson process. In state i arrivals are Poisson with
/// rate λi; the state lasts an exponential time with mean si, then flips. The long-run rate is
/// exactly <c>(λ0·s0 + λ1·s1) / (s0 + s1)</c>.
/// </summary>
/// <remarks>
/// Sampled exactly: within a state, race the next Poisson arrival against the state switch (both
/// memoryless). The first call draws the starting state from the stationary distribution, so the
/// stream is stationary from its first arrival. The state lives in the instance: one instance per
/// stream (see <see cref="IArrivalProcess"/>).
/// </remarks>
public sealed class MmppArrivals : IArrivalProcess
{
    // A caller that keeps time in rounded nanoseconds may hand back a time a little before the
    // arrival it was given; more than this means two streams share the instance.
    private const double BackwardsToleranceSeconds = 1e-6;

    private readonly double[] _rates;
    private readonly double[] _sojourns;
    private bool _started;
    private int _state;
    private double _clock;
    private double _switchAt;

    /// <param name="rate0">Arrival rate in state 0 (the normal state), requests per second, may be 0.</param>
    /// <param name="rate1">Arrival rate in state 1 (the burst), requests per second, may be 0.</param>
    /// <param name="meanSojourn0Seconds">Mean time spent in state 0 before switching.</param>
    /// <param name="meanSojourn1Seconds">Mean time spent in state 1 before switching.</param>
    public MmppArrivals(double rate0, double rate1, double meanSojourn0Seconds, double meanSojourn1Seconds)
    {
        if (!(rate0 >= 0) || !(rate1 >= 0) || double.IsInfinity(rate0) || double.IsInfinity(rate1) || rate0 + rate1 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rate0), "state rates must be non-negative, finite and not both zero");
        }

        if (!(meanSojourn0Seconds > 0) || !(meanSojourn1Seconds > 0) || double.IsInfinity(meanSojourn0Seconds) || double.IsInfinity(meanSojourn1Seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(meanSojourn0Seconds), "mean sojourn times must be positive and finite");
        }

        _rates = [rate0, rate1];
        _sojourns = [meanSojourn0Seconds, meanSojourn1Seconds];
        MeanRate = (rate0 * meanSojourn0Seconds + rate1 * meanSojourn1Seconds) / (meanSojourn0Seconds + meanSojourn1Seconds);
    }

    /// <summary>
    /// Bursts described the way planners talk about them: a mean rate, bursts that run
    /// <paramref name="burstFactor"/> times the normal rate, a fraction of time spent bursting,
    /// and how long a burst lasts on average. State 0 is normal, state 1 the burst.
    /// </summary>
    public static MmppArrivals FromBursts(double meanRate, double burstFactor, double burstFraction, double meanBurstSeconds)
    {
        if (!(meanRate > 0) || double.IsInfinity(meanRate))
        {
            throw new ArgumentOutOfRangeException(nameof(meanRate), meanRate, "mean rate must be positive and finite");
        }

        if (!(burstFactor >= 1) || double.IsInfinity(burstFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(burstFactor), burstFactor, "burst factor must be at least 1 and finite");
        }

        if (!(burstFraction > 0 && burstFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(burstFraction), burstFraction, "burst fraction must lie strictly between 0 and 1");
        }

        // mean = base·(1 − f) + base·b·f, so base = mean / (1 − f + f·b); the normal state lasts
        // s1·(1 − f)/f on average so that bursts take fraction f of the time.
        var normalRate = meanRate / (1 - burstFraction + burstFraction * burstFactor);
        var normalSeconds = meanBurstSeconds * (1 - burstFraction) / burstFraction;
        return new MmppArrivals(normalRate, normalRate * burstFactor, normalSeconds, meanBurstSeconds);
    }

    public double MeanRate { get; }

    public double Rate0 => _rates[0];

    public double Rate1 => _rates[1];

    public double MeanSojourn0Seconds => _sojourns[0];

    public double MeanSojourn1Seconds => _sojourns[1];

    /// <summary>The state the process is in after the last arrival (0 or 1).</summary>
    public int State => _state;

    public double NextGapSeconds(SimRandom rng, double nowSeconds)
    {
        if (!_started)
        {
            _started = true;
            _state = rng.NextDouble() * (_sojourns[0] + _sojourns[1]) < _sojourns[0] ? 0 : 1;
            _clock = nowSeconds;
            _switchAt = nowSeconds + rng.NextExponential(1.0 / _sojourns[_state]);
        }
        else if (nowSeconds > _clock)
        {
            // The caller moved on without taking arrivals: let the state chain run to now.
            while (_switchAt <= nowSeconds)
            {
                Switch(rng);
            }

            _clock = nowSeconds;
        }
        else if (nowSeconds < _clock - BackwardsToleranceSeconds)
        {
            throw new InvalidOperationException(
                $"time went backwards ({nowSeconds} s after an arrival at {_clock} s): an MMPP instance serves one stream");
        }

        var t = _clock;
        while (true)
        {
            var rate = _rates[_state];
            var candidate = rate > 0 ? t + rng.NextExponential(rate) : double.PositiveInfinity;
            if (candidate < _switchAt)
            {
                _clock = candidate;
                return candidate - nowSeconds;
            }

            t = _switchAt;
            Switch(rng);
        }
    }

    private void Switch(SimRandom rng)
    {
        _state ^= 1;
        _switchAt += rng.NextExponential(1.0 / _sojourns[_state]);
    }
}
