using ClusterSim.Engine.Core;
using ClusterSim.Engine.Resources;

namespace ClusterSim.Engine.Diagnostics;

/// <summary>
/// The classic discrete-event benchmarks that SimSharp and JaamSim publish, built once here so
/// the BenchmarkDotNet suites and `clustersim bench` measure exactly the same work. Each builder
/// returns a primed simulation; the caller runs it for as long as it likes and reads
/// <see cref="Simulation.ProcessedEvents"/>.
/// </summary>
public static class EngineWorkloads
{
    /// <summary>
    /// N processes, each waiting on timeouts forever (the "timeout loop" / event-list benchmark).
    /// Delays differ between processes so the heap is exercised, but draw no random numbers.
    /// </summary>
    public static Simulation TimeoutLoop(int processes, ulong seed = 1)
    {
        var sim = new Simulation(seed);
        for (var i = 0; i < processes; i++)
        {
            sim.Process(Sleeper(sim, SimTime.Microsecond * (1 + (i * 7919 % 1000))));
        }

        return sim;
    }

    /// <summary>One source creating short-lived processes: each does one timeout and ends.</summary>
    public static Simulation ProcessCreation(ulong seed = 1)
    {
        var sim = new Simulation(seed);
        sim.Process(Creator(sim));
        return sim;
    }

    /// <summary>N processes seizing and releasing one capacity-1 resource, with a service timeout.</summary>
    public static Simulation SeizeRelease(int processes, ulong seed = 1)
    {
        var sim = new Simulation(seed);
        var resource = new Resource(sim, 1);
        for (var i = 0; i < processes; i++)
        {
            sim.Process(Seizer(sim, resource));
        }

        return sim;
    }

    /// <summary>
    /// The allocation-free path: <paramref name="pending"/> entries always in the heap, each
    /// rescheduling itself with a pseudo-random delay when it fires.
    /// </summary>
    public static Simulation HandlerLoop(int pending, ulong seed = 1)
    {
        var sim = new Simulation(seed);
        var handler = new Rescheduler(sim);
        for (var i = 0; i < pending; i++)
        {
            sim.Schedule(i, handler, 0, i);
        }

        return sim;
    }

    private static IEnumerable<Event> Sleeper(Simulation sim, long delay)
    {
        while (true)
        {
            yield return sim.Timeout(delay);
        }
    }

    private static IEnumerable<Event> Creator(Simulation sim)
    {
        while (true)
        {
            yield return sim.Timeout(SimTime.Microsecond);
            sim.Process(ShortLived(sim));
        }
    }

    private static IEnumerable<Event> ShortLived(Simulation sim)
    {
        yield return sim.Timeout(10 * SimTime.Microsecond);
    }

    private static IEnumerable<Event> Seizer(Simulation sim, Resource resource)
    {
        while (true)
        {
            var request = resource.Request();
            yield return request;
            yield return sim.Timeout(SimTime.Microsecond);
            resource.Release(request);
        }
    }

    private sealed class Rescheduler(Simulation sim) : IEventHandler
    {
        private ulong _state = sim.Seed | 1;

        public void OnEvent(int opcode, int arg)
        {
            // xorshift64: a few instructions, so the benchmark measures the engine, not the RNG.
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            sim.Schedule(1 + (long)(_state % 2_000_000), this, opcode, arg);
        }
    }
}
