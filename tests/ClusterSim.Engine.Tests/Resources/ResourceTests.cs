using ClusterSim.Engine.Core;
using ClusterSim.Engine.Resources;

namespace ClusterSim.Engine.Tests.Resources;

public sealed class ResourceTests
{
    [Fact]
    public void Capacity_one_serves_requests_first_come_first_served()
    {
        var sim = new Simulation();
        var server = new Resource(sim, 1);
        var log = new List<(string Who, long Start)>();
        IEnumerable<Event> Customer(string name, long arrive, long service)
        {
            yield return sim.Timeout(arrive);
            using var req = server.Request();
            yield return req;
            log.Add((name, sim.Now));
            yield return sim.Timeout(service);
        }

        sim.Process(Customer("a", 0, 10));
        sim.Process(Customer("b", 1, 10));
        sim.Process(Customer("c", 2, 10));
        sim.Run();
        Assert.Equal(new[] { ("a", 0L), ("b", 10L), ("c", 20L) }, log);
        Assert.Equal(0, server.InUse);
    }

    [Fact]
    public void Capacity_c_serves_c_at_once()
    {
        var sim = new Simulation();
        var server = new Resource(sim, 3);
        var starts = new List<long>();
        IEnumerable<Event> Customer()
        {
            using var req = server.Request();
            yield return req;
            starts.Add(sim.Now);
            yield return sim.Timeout(10);
        }

        for (var i = 0; i < 7; i++)
        {
            sim.Process(Customer());
        }

        sim.Run();
        Assert.Equal(new long[] { 0, 0, 0, 10, 10, 10, 20 }, starts);
    }

    [Fact]
    public void Releasing_a_waiting_request_withdraws_it()
    {
        var sim = new Simulation();
        var server = new Resource(sim, 1);
        var holder = server.Request();
        var waiting = server.Request();
        Assert.Equal(1, server.QueueLength);
        server.Release(waiting);
        Assert.Equal(0, server.QueueLength);
        server.Release(holder);
        sim.Run();
        Assert.False(waiting.IsTriggered);
    }

    [Fact]
    public void Monitors_record_waiting_time_and_utilization()
    {
        var sim = new Simulation();
        var server = new Resource(sim, 1)
        {
            WaitingTimeMonitor = new ClusterSim.Engine.Monitoring.SampleMonitor(),
            InUseMonitor = new ClusterSim.Engine.Monitoring.TimeWeightedMonitor(sim),
        };
        IEnumerable<Event> Customer()
        {
            using var req = server.Request();
            yield return req;
            yield return sim.Timeout(SimTime.Second);
        }

        sim.Process(Customer());
        sim.Process(Customer());
        sim.Run(4 * SimTime.Second);
        // Waits 0 s and 1 s; busy 2 s of 4 s.
        Assert.Equal(0.5, server.WaitingTimeMonitor.Mean, 12);
        Assert.Equal(0.5, server.InUseMonitor.Mean, 12);
    }

    [Fact]
    public void Priority_resource_serves_the_most_important_waiting_request_first()
    {
        var sim = new Simulation();
        var server = new PriorityResource(sim, 1);
        var order = new List<int>();
        IEnumerable<Event> Customer(int priority, long arrive)
        {
            yield return sim.Timeout(arrive);
            using var req = server.Request(priority);
            yield return req;
            order.Add(priority);
            yield return sim.Timeout(10);
        }

        sim.Process(Customer(5, 0)); // takes the server at once
        sim.Process(Customer(3, 1));
        sim.Process(Customer(1, 2));
        sim.Process(Customer(2, 3));
        sim.Run();
        Assert.Equal(new[] { 5, 1, 2, 3 }, order);
    }

    [Fact]
    public void Preemptive_resource_interrupts_a_less_important_user()
    {
        var sim = new Simulation();
        var server = new PreemptiveResource(sim, 1);
        Preempted? seen = null;
        long lowDoneAt = -1, highStart = -1;
        IEnumerable<Event> Low()
        {
            var req = server.Request(priority: 5, preempt: false);
            yield return req;
            yield return sim.Timeout(100);
            if (sim.ActiveProcess!.HandleFault())
            {
                seen = (Preempted)sim.ActiveProcess.InterruptCause!;
                lowDoneAt = sim.Now;
                yield break;
            }

            server.Release(req);
        }

        IEnumerable<Event> High()
        {
            yield return sim.Timeout(30);
            using var req = server.Request(priority: 1, preempt: true);
            yield return req;
            highStart = sim.Now;
            yield return sim.Timeout(10);
        }

        sim.Process(Low());
        var high = sim.Process(High());
        sim.Run();
        Assert.NotNull(seen);
        Assert.Equal(0, seen!.UsageSince);
        Assert.Same(high, seen.By);
        Assert.Equal(30, lowDoneAt);
        Assert.Equal(30, highStart);
    }

    [Fact]
    public void Preemption_never_takes_from_an_equally_important_user()
    {
        var sim = new Simulation();
        var server = new PreemptiveResource(sim, 1);
        var first = server.Request(2, true);
        var second = server.Request(2, true);
        sim.Run();
        Assert.True(first.IsOk && first.IsProcessed);
        Assert.False(second.IsTriggered);
    }
}
