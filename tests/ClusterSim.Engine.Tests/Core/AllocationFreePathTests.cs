using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Tests.Core;

public sealed class AllocationFreePathTests
{
    private sealed class Recorder(Simulation sim) : IEventHandler
    {
        public List<(long Time, int Opcode, int Arg)> Calls { get; } = new();

        public void OnEvent(int opcode, int arg) => Calls.Add((sim.Now, opcode, arg));
    }

    [Fact]
    public void Handlers_receive_their_opcode_and_argument_at_the_scheduled_time()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        sim.Schedule(30, r, opcode: 2, arg: 99);
        sim.Schedule(10, r, opcode: 1, arg: 7);
        sim.Run();
        Assert.Equal(new[] { (10L, 1, 7), (30L, 2, 99) }, r.Calls);
    }

    [Fact]
    public void Handler_entries_and_process_events_share_one_time_order()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        var order = new List<string>();
        sim.Timeout(5).AddCallback(_ => order.Add("event@5"));
        sim.Schedule(5, new Lambda(() => order.Add("handler@5")));
        sim.Schedule(3, new Lambda(() => order.Add("handler@3")));
        sim.Run();
        Assert.Equal(new[] { "handler@3", "event@5", "handler@5" }, order);
    }

    [Fact]
    public void Negative_opcodes_are_reserved_for_the_engine()
    {
        var sim = new Simulation();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(1, new Recorder(sim), opcode: -1));
    }

    [Fact]
    public void Steady_state_scheduling_allocates_nothing()
    {
        var sim = new Simulation(7);
        var loop = new SelfRescheduler(sim);
        for (var i = 0; i < 1_000; i++)
        {
            sim.Schedule(i, loop);
        }

        sim.Run(SimTime.Second); // warm up: heap array at its final size, JIT done
        var before = GC.GetAllocatedBytesForCurrentThread();
        sim.Run(2 * SimTime.Second);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sim.ProcessedEvents > 100_000);

        // 1000 independent renewal processes, the i-th starting at i ns, with gaps X = 1 + floor(U * 2e6) ns:
        // E[X] = mu = 1_000_000.5 ns and E[X^2] = 4 mu^2 / 3 (uniform on [0, 2 mu] to within 1 ns). Up to
        // T = 2 s each yields 1 + M(T - i) entries, and the renewal function M(t) = t / mu + E[X^2] / (2 mu^2) - 1
        // + o(1), so the total is sum_i ((T - i) / mu + 2/3) ~ 2.0007e6, with a standard deviation of
        // sqrt(1000 * T Var[X] / mu^3) ~ 820: 1 % is 24 standard deviations, and a lost or doubled entry per
        // handler call would be far outside it.
        const double mu = 1_000_000.5;
        var expected = Enumerable.Range(0, 1_000).Sum(i => (2.0 * SimTime.Second - i) / mu + 2.0 / 3);
        Assert.InRange(sim.ProcessedEvents, 0.99 * expected, 1.01 * expected);
        Assert.Equal(0, allocated);
    }

    private sealed class Lambda(Action action) : IEventHandler
    {
        public void OnEvent(int opcode, int arg) => action();
    }

    private sealed class SelfRescheduler(Simulation sim) : IEventHandler
    {
        private readonly ClusterSim.Engine.Randomness.SimRandom _rng = sim.Random["loop"];

        public void OnEvent(int opcode, int arg) => sim.Schedule(1 + (long)(_rng.NextDouble() * 2_000_000), this);
    }
}
