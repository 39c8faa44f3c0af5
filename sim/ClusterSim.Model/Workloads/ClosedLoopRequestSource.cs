using ClusterSim.Engine.Core;
using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads.Sizes;

namespace ClusterSim.Model.Workloads;

/// <summary>
/// Closed-loop users: each of N users sends a request, waits for it to complete, thinks for an
/// exponential time and sends the next. The load therefore adapts to how fast the cluster serves
/// (throughput is N / (response time + think time)), unlike the open-loop sources.
/// </summary>
/// <remarks>
/// Contract with the serving layer:
/// <list type="number">
/// <item><see cref="TryNext"/> yields each user's first request (every user starts thinking at the
/// start time), in non-decreasing arrival order, then returns false. False here means "nothing
/// more until a completion", not that the source is done.</item>
/// <item>For every request taken from this source, the serving layer calls
/// <see cref="OnCompleted"/> exactly once, when the request ends however it ends (finished,
/// rejected, dropped or timed out; pass the time it ended). A user whose completion is never
/// reported never sends again.</item>
/// <item><see cref="OnCompleted"/> returns that user's next request, which arrives at the
/// completion time plus a think time, never earlier; the caller schedules it. It returns false
/// when the user is done (past the end time, or the request budget is spent).</item>
/// </list>
/// Each user draws its think times and request sizes from its own random streams, seeded from the
/// given ones at construction, so a user's k-th request has the same size and think time whatever
/// the serving layer does: runs of two policies compare like with like.
/// </remarks>
public sealed class ClosedLoopRequestSource : IRequestSource
{
    private readonly double _thinkRate;
    private readonly ISizePair _sizes;
    private readonly SimRandom[] _thinkRngs;
    private readonly SimRandom[] _sizeRngs;
    private readonly bool[] _inFlight;
    private readonly long[] _inFlightArrivalNs;
    private readonly long _endNs;
    private readonly long _maxCount;
    private readonly (long ArrivalNs, int User)[] _first;
    private int _firstTaken;

    /// <param name="users">Number of users (concurrent requests at most).</param>
    /// <param name="meanThinkSeconds">Mean of the exponential think time (0: send again at once).</param>
    /// <param name="prompt">Prompt lengths.</param>
    /// <param name="output">Output lengths.</param>
    /// <param name="thinkRng">Seeds each user's think-time stream.</param>
    /// <param name="sizeRng">Seeds each user's size stream.</param>
    /// <param name="startNs">When users start thinking about their first request.</param>
    /// <param name="endNs">No request arrives after this time.</param>
    /// <param name="maxCount">At most this many requests in all.</param>
    public ClosedLoopRequestSource(
        int users, double meanThinkSeconds, ISizeDistribution prompt, ISizeDistribution output,
        SimRandom thinkRng, SimRandom sizeRng, long startNs = 0, long endNs = long.MaxValue, long maxCount = long.MaxValue)
        : this(users, meanThinkSeconds, new IndependentSizes(prompt, output), thinkRng, sizeRng, startNs, endNs, maxCount)
    {
    }

    /// <summary>As above, with each request's prompt and output lengths drawn together (<paramref name="sizes"/>).</summary>
    public ClosedLoopRequestSource(
        int users, double meanThinkSeconds, ISizePair sizes,
        SimRandom thinkRng, SimRandom sizeRng, long startNs = 0, long endNs = long.MaxValue, long maxCount = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(users);
        ArgumentOutOfRangeException.ThrowIfNegative(startNs);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (!(meanThinkSeconds >= 0) || double.IsInfinity(meanThinkSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(meanThinkSeconds), meanThinkSeconds, "mean think time must be non-negative and finite");
        }

        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(thinkRng);
        ArgumentNullException.ThrowIfNull(sizeRng);

        Users = users;
        MeanThinkSeconds = meanThinkSeconds;
        _thinkRate = meanThinkSeconds > 0 ? 1.0 / meanThinkSeconds : double.PositiveInfinity;
        _sizes = sizes;
        _endNs = endNs;
        _maxCount = maxCount;
        _thinkRngs = new SimRandom[users];
        _sizeRngs = new SimRandom[users];
        _inFlight = new bool[users];
        _inFlightArrivalNs = new long[users];
        for (var u = 0; u < users; u++)
        {
            _thinkRngs[u] = new SimRandom(thinkRng.NextUInt64());
            _sizeRngs[u] = new SimRandom(sizeRng.NextUInt64());
        }

        _first = new (long, int)[users];
        for (var u = 0; u < users; u++)
        {
            _first[u] = (startNs + ThinkNs(u), u);
        }

        // Sorted by time, then user: the order is deterministic.
        Array.Sort(_first);
    }

    public int Users { get; }

    public double MeanThinkSeconds { get; }

    /// <summary>Requests handed out so far (first requests and follow-ups).</summary>
    public long Issued { get; private set; }

    /// <summary>Requests handed out whose completion has not been reported yet.</summary>
    public int InFlight { get; private set; }

    public bool TryNext(out TextRequestSpec request)
    {
        while (_firstTaken < _first.Length)
        {
            var (at, user) = _first[_firstTaken++];
            if (at <= _endNs && Issued < _maxCount)
            {
                request = Issue(user, at);
                return true;
            }
        }

        request = default;
        return false;
    }

    /// <summary>
    /// Reports that <paramref name="completed"/> (a request from this source) ended at
    /// <paramref name="completionNs"/>, and gives its user's next request, if any.
    /// </summary>
    /// <exception cref="InvalidOperationException">The request's user has nothing in flight.</exception>
    public bool OnCompleted(in TextRequestSpec completed, long completionNs, out TextRequestSpec next)
    {
        var user = completed.UserId;
        // A user has one request in flight; its arrival time tells a second report of an earlier one.
        if (user < 0 || user >= Users || !_inFlight[user] || _inFlightArrivalNs[user] != completed.ArrivalNs)
        {
            throw new InvalidOperationException(
                $"user {user} has no request in flight that arrived at {completed.ArrivalNs} ns: each request's completion is reported once");
        }

        if (completionNs < completed.ArrivalNs)
        {
            throw new ArgumentOutOfRangeException(nameof(completionNs), completionNs, $"completion before the request's arrival at {completed.ArrivalNs} ns");
        }

        _inFlight[user] = false;
        InFlight--;
        var at = completionNs + ThinkNs(user);
        if (at > _endNs || Issued >= _maxCount)
        {
            next = default;
            return false;
        }

        next = Issue(user, at);
        return true;
    }

    private TextRequestSpec Issue(int user, long at)
    {
        _inFlight[user] = true;
        _inFlightArrivalNs[user] = at;
        InFlight++;
        Issued++;
        var sizes = _sizeRngs[user];
        var (prompt, output, prefix) = _sizes.SampleRequest(sizes);
        return new TextRequestSpec(at, prompt, output, prefix, user);
    }

    // A think time past what a run can represent (a mean of 1e300 s draws such) is capped at a quarter of the clock's
    // range, 73 years: later than any end, and far enough from the top that adding it to a time cannot overflow.
    private long ThinkNs(int user)
        => double.IsPositiveInfinity(_thinkRate) ? 0
            : SimTime.FromSeconds(Math.Min(_thinkRngs[user].NextExponential(_thinkRate), long.MaxValue / 4 / (double)SimTime.Second));
}
