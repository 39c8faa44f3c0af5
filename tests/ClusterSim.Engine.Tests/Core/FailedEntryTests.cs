using ClusterSim.Engine.Core;
using ClusterSim.Engine.Queue;

namespace ClusterSim.Engine.Tests.Core;

/// <summary>
/// An entry that throws is done: the exception reaches the caller, the entry leaves the queue, and
/// the simulation can go on (pending count right, nothing run twice, nothing overwritten), on the
/// default heap and on a queue behind the interface alike.
/// </summary>
public sealed class FailedEntryTests
{
    public static TheoryData<bool> Queues => new() { false, true };

    private static Simulation Create(bool interfaceQueue) => new(0, interfaceQueue ? new BinaryHeapEventQueue() : null);

    private sealed class Lambda(Action action) : IEventHandler
    {
        public void OnEvent(int opcode, int arg) => action();
    }

    [Theory]
    [MemberData(nameof(Queues))]
    public void A_throwing_handler_is_removed_and_not_run_again(bool interfaceQueue)
    {
        var sim = Create(interfaceQueue);
        var failedRuns = 0;
        var later = new List<long>();
        sim.Schedule(10, new Lambda(() =>
        {
            failedRuns++;
            throw new InvalidOperationException("handler failed");
        }));
        sim.Schedule(20, new Lambda(() => later.Add(sim.Now)));

        var ex = Assert.Throws<InvalidOperationException>(() => sim.Run());
        Assert.Equal("handler failed", ex.Message);
        Assert.Equal(10, sim.Now);
        Assert.Equal(1, sim.PendingEvents);
        Assert.Equal(20, sim.PeekTime());

        // A push after the failure adds an entry; it must not take the failed one's place.
        sim.Schedule(5, new Lambda(() => later.Add(sim.Now)));
        Assert.Equal(2, sim.PendingEvents);

        sim.Run();
        Assert.Equal(1, failedRuns);
        Assert.Equal(new long[] { 15, 20 }, later);
        Assert.Equal(0, sim.PendingEvents);
        Assert.Equal(3, sim.ProcessedEvents); // the failed entry counts once, as the one attempt it was
    }

    [Theory]
    [MemberData(nameof(Queues))]
    public void A_throwing_process_is_removed_and_the_others_go_on(bool interfaceQueue)
    {
        var sim = Create(interfaceQueue);
        var resumes = 0;
        var ticks = new List<long>();
        IEnumerable<Event> Failing()
        {
            yield return sim.Timeout(5);
            resumes++;
            throw new InvalidOperationException("process failed");
        }

        IEnumerable<Event> Ticker()
        {
            for (var i = 0; i < 3; i++)
            {
                yield return sim.Timeout(4);
                ticks.Add(sim.Now);
            }
        }

        sim.Process(Failing());
        sim.Process(Ticker());

        Assert.Throws<InvalidOperationException>(() => sim.Run());
        Assert.Equal(5, sim.Now);
        Assert.Equal(1, sim.PendingEvents); // the ticker's timeout at 8
        Assert.Equal(8, sim.PeekTime());

        sim.Run();
        Assert.Equal(1, resumes);
        Assert.Equal(new long[] { 4, 8, 12 }, ticks);
    }

    [Theory]
    [MemberData(nameof(Queues))]
    public void Step_drops_an_entry_that_throws(bool interfaceQueue)
    {
        var sim = Create(interfaceQueue);
        var runs = 0;
        sim.Schedule(1, new Lambda(() =>
        {
            runs++;
            throw new InvalidOperationException("step failed");
        }));

        Assert.Throws<InvalidOperationException>(() => sim.Step());
        Assert.Equal(0, sim.PendingEvents);
        Assert.False(sim.Step());
        Assert.Equal(1, runs);
    }
}
