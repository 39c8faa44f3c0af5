using ClusterSim.Engine.Core;
using ClusterSim.Engine.Tests.Queueing;

namespace ClusterSim.Engine.Tests.Core;

public sealed class DeterminismTests
{
    private static List<(long Time, int Opcode, string Kind)> TraceOf(ulong seed)
    {
        var sim = new Simulation(seed);
        var trace = new List<(long, int, string)>();
        sim.Trace = (t, target, op) => trace.Add((t, op, target.GetType().Name));
        var server = new ClusterSim.Engine.Resources.Resource(sim, 2);
        var rng = sim.Random["arrivals"];
        IEnumerable<Event> Customer()
        {
            using var req = server.Request();
            yield return req;
            yield return sim.TimeoutSeconds(rng.NextExponential(1.0));
        }

        IEnumerable<Event> Source()
        {
            for (var i = 0; i < 2_000; i++)
            {
                yield return sim.TimeoutSeconds(rng.NextExponential(1.5));
                sim.Process(Customer());
            }
        }

        sim.Process(Source());
        sim.Run();
        return trace;
    }

    [Fact]
    public void The_same_seed_gives_an_identical_event_trace()
    {
        var a = TraceOf(99);
        var b = TraceOf(99);
        Assert.True(a.Count > 10_000);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Another_seed_gives_a_different_event_trace()
    {
        Assert.NotEqual(TraceOf(99), TraceOf(100));
    }
}
