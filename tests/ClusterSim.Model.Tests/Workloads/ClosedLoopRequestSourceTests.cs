using ClusterSim.Engine.Core;
using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads;
using ClusterSim.Model.Workloads.Sizes;

namespace ClusterSim.Model.Tests.Workloads;

public sealed class ClosedLoopRequestSourceTests
{
    [Fact]
    public void Throughput_with_a_fixed_service_time_is_users_over_service_plus_think()
    {
        // Infinite servers, every request served in exactly S: each user cycles think + S, so the
        // count per user is a renewal count with mean T/(S + Z) and variance T·Z²/(S + Z)³
        // (the think time is exponential: variance Z²).
        const int users = 50;
        const double think = 2.0, service = 0.5, span = 2000;
        var run = Drive(users, think, _ => service, span, seed: 3);

        var cycle = service + think;
        var expected = users * span / cycle;
        var se = Math.Sqrt(users * span * think * think / (cycle * cycle * cycle));
        Stat.Resolves(expected, se, 0.02, "closed-loop throughput");
        Stat.Near(expected, run.Arrivals.Count, se, "closed-loop throughput");
    }

    [Fact]
    public void Each_user_waits_for_its_completion_then_thinks_an_exponential_time()
    {
        const double think = 1.5;
        var run = Drive(users: 20, think, spec => 0.001 * spec.OutputTokens, span: 5000, seed: 4);

        Assert.True(run.MaxInFlightPerUser <= 1, "a user had two requests in flight");
        Assert.True(run.Thinks.Count > 10_000);
        Assert.All(run.Thinks, z => Assert.True(z >= 0));

        var thinks = run.Thinks.ToArray();
        Stat.Near(think, Stat.Mean(thinks), think / Math.Sqrt(thinks.Length), "mean think time");
        var (cv, cvSe) = Stat.BatchEstimate(thinks, 50, z => Stat.Cv(z));
        Stat.Near(1.0, cv, cvSe, "think-time CV");
    }

    [Fact]
    public void A_users_requests_do_not_depend_on_how_fast_they_are_served()
    {
        // Common random numbers: user 0's k-th request has the same size, and is followed by the
        // same think time, whether service is fast or slow.
        var fast = Drive(users: 5, 1.0, _ => 0.01, span: 200, seed: 6);
        var slow = Drive(users: 5, 1.0, _ => 0.7, span: 200, seed: 6);

        var fastUser = fast.Arrivals.Where(a => a.UserId == 0).Take(50).ToList();
        var slowUser = slow.Arrivals.Where(a => a.UserId == 0).Take(50).ToList();
        Assert.Equal(fastUser.Select(a => (a.PromptTokens, a.OutputTokens)), slowUser.Select(a => (a.PromptTokens, a.OutputTokens)));
        Assert.Equal(fast.ThinksByUser[0].Take(40), slow.ThinksByUser[0].Take(40));
    }

    [Fact]
    public void First_requests_come_in_arrival_order_then_the_source_waits_for_completions()
    {
        var source = NewSource(users: 100, think: 1.0, seed: 9);
        var previous = -1L;
        for (var i = 0; i < 100; i++)
        {
            Assert.True(source.TryNext(out var request));
            Assert.True(request.ArrivalNs >= previous);
            previous = request.ArrivalNs;
        }

        Assert.False(source.TryNext(out _));
        Assert.Equal(100, source.InFlight);
    }

    [Fact]
    public void Reporting_a_completion_twice_is_an_error()
    {
        var source = NewSource(users: 1, think: 1.0, seed: 1);
        Assert.True(source.TryNext(out var request));
        Assert.True(source.OnCompleted(request, request.ArrivalNs + SimTime.Second, out _));

        Assert.Throws<InvalidOperationException>(() => source.OnCompleted(request, request.ArrivalNs + SimTime.Second, out _));
    }

    [Fact]
    public void No_request_arrives_after_the_end_time()
    {
        var end = 30 * SimTime.Second;
        var source = new ClosedLoopRequestSource(10, 1.0, new ConstantSize(100), new ConstantSize(10),
            new SimRandom(1), new SimRandom(2), endNs: end);
        var pending = new Queue<TextRequestSpec>();
        while (source.TryNext(out var first))
        {
            pending.Enqueue(first);
        }

        var issued = 0;
        while (pending.TryDequeue(out var request))
        {
            Assert.True(request.ArrivalNs <= end);
            issued++;
            if (source.OnCompleted(request, request.ArrivalNs + SimTime.Millisecond, out var next))
            {
                pending.Enqueue(next);
            }
        }

        Assert.Equal(0, source.InFlight);
        Assert.True(issued > 200);
    }

    private static ClosedLoopRequestSource NewSource(int users, double think, ulong seed)
        => new(users, think, new UniformSize(10, 1000), new UniformSize(1, 500), new SimRandom(seed), new SimRandom(seed + 100));

    /// <summary>
    /// A minimal serving loop with unlimited servers: each request completes after the given
    /// service time; completions are reported back in time order, as a serving layer would.
    /// </summary>
    private static Run Drive(int users, double think, Func<TextRequestSpec, double> serviceSeconds, double span, ulong seed)
    {
        var end = SimTime.FromSeconds(span);
        var source = new ClosedLoopRequestSource(users, think, new UniformSize(10, 1000), new UniformSize(1, 500),
            new SimRandom(seed), new SimRandom(seed + 100), endNs: end);
        var completions = new PriorityQueue<TextRequestSpec, (long, int)>();
        var run = new Run(users);
        var inFlight = new int[users];

        void Issue(TextRequestSpec request)
        {
            run.Arrivals.Add(request);
            run.MaxInFlightPerUser = Math.Max(run.MaxInFlightPerUser, ++inFlight[request.UserId]);
            completions.Enqueue(request, (request.ArrivalNs + SimTime.FromSeconds(serviceSeconds(request)), request.UserId));
        }

        while (source.TryNext(out var first))
        {
            Issue(first);
        }

        while (completions.TryDequeue(out var done, out var key))
        {
            inFlight[done.UserId]--;
            if (source.OnCompleted(done, key.Item1, out var next))
            {
                Assert.True(next.ArrivalNs >= key.Item1, "a follow-up arrived before its trigger completed");
                var z = SimTime.ToSeconds(next.ArrivalNs - key.Item1);
                run.Thinks.Add(z);
                run.ThinksByUser[next.UserId].Add(z);
                Issue(next);
            }
        }

        return run;
    }

    private sealed class Run(int users)
    {
        public List<TextRequestSpec> Arrivals { get; } = [];

        public List<double> Thinks { get; } = [];

        public List<double>[] ThinksByUser { get; } = Enumerable.Range(0, users).Select(_ => new List<double>()).ToArray();

        public int MaxInFlightPerUser { get; set; }
    }
}
