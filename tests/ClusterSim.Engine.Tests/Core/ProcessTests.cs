using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Tests.Core;

public sealed class ProcessTests
{
    [Fact]
    public void Timeouts_advance_the_clock_by_their_delay()
    {
        var sim = new Simulation();
        var seen = new List<long>();
        IEnumerable<Event> P()
        {
            yield return sim.Timeout(5 * SimTime.Second);
            seen.Add(sim.Now);
            yield return sim.TimeoutSeconds(2.5);
            seen.Add(sim.Now);
        }

        sim.Process(P());
        sim.Run();
        Assert.Equal(new[] { 5 * SimTime.Second, 7_500 * SimTime.Millisecond }, seen);
    }

    [Fact]
    public void Events_at_the_same_time_and_priority_run_in_scheduling_order()
    {
        var sim = new Simulation();
        var order = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var id = i;
            sim.Timeout(10).AddCallback(_ => order.Add(id));
        }

        sim.Run();
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, order);
    }

    [Fact]
    public void Lower_priority_value_runs_first_at_equal_time()
    {
        var sim = new Simulation();
        var order = new List<string>();
        sim.Event().AddCallbackAndSucceed(e => order.Add("normal"), EventPriority.Normal);
        sim.Event().AddCallbackAndSucceed(e => order.Add("urgent"), EventPriority.Urgent);
        sim.Run();
        Assert.Equal(new[] { "urgent", "normal" }, order);
    }

    [Fact]
    public void A_process_is_an_event_others_can_wait_for()
    {
        var sim = new Simulation();
        long finishedAt = -1;
        IEnumerable<Event> Child()
        {
            yield return sim.Timeout(3);
        }

        IEnumerable<Event> Parent()
        {
            yield return sim.Process(Child());
            finishedAt = sim.Now;
        }

        sim.Process(Parent());
        sim.Run();
        Assert.Equal(3, finishedAt);
    }

    [Fact]
    public void Interrupt_resumes_the_process_at_once_with_the_cause()
    {
        var sim = new Simulation();
        object? cause = null;
        long resumedAt = -1;
        Process? sleeper = null;
        IEnumerable<Event> Sleeper()
        {
            yield return sim.Timeout(100);
            if (sim.ActiveProcess!.HandleFault())
            {
                cause = sleeper!.InterruptCause;
                resumedAt = sim.Now;
            }
        }

        IEnumerable<Event> Waker()
        {
            yield return sim.Timeout(10);
            sleeper!.Interrupt("wake up");
        }

        sleeper = sim.Process(Sleeper());
        sim.Process(Waker());
        sim.Run();
        Assert.Equal("wake up", cause);
        Assert.Equal(10, resumedAt);
        Assert.True(sleeper.IsProcessed);
    }

    [Fact]
    public void An_interrupted_process_no_longer_resumes_on_its_old_target()
    {
        var sim = new Simulation();
        var resumes = 0;
        Process? p = null;
        IEnumerable<Event> Sleeper()
        {
            yield return sim.Timeout(100);
            resumes++;
            sim.ActiveProcess!.HandleFault();
            yield return sim.Timeout(1_000);
            resumes++;
        }

        p = sim.Process(Sleeper());
        sim.Timeout(10).AddCallback(_ => p.Interrupt());
        sim.Run();
        Assert.Equal(2, resumes);
        Assert.Equal(1_010, sim.Now);
    }

    [Fact]
    public void An_unhandled_failure_stops_the_run_with_its_cause()
    {
        var sim = new Simulation();
        IEnumerable<Event> P()
        {
            var e = sim.Event();
            e.Fail("broken");
            yield return e;
        }

        sim.Process(P());
        var ex = Assert.Throws<EventFailedException>(() => sim.Run());
        Assert.Equal("broken", ex.Cause);
    }

    [Fact]
    public void AllOf_waits_for_every_event_and_AnyOf_for_the_first()
    {
        var sim = new Simulation();
        long all = -1, any = -1;
        IEnumerable<Event> P()
        {
            yield return sim.AllOf(sim.Timeout(3), sim.Timeout(7), sim.Timeout(5));
            all = sim.Now;
        }

        IEnumerable<Event> Q()
        {
            yield return sim.Timeout(4) | sim.Timeout(2);
            any = sim.Now;
        }

        sim.Process(P());
        sim.Process(Q());
        sim.Run();
        Assert.Equal(7, all);
        Assert.Equal(2, any);
    }

    [Fact]
    public void Condition_value_lists_the_events_that_succeeded()
    {
        var sim = new Simulation();
        var a = sim.Timeout(1);
        var b = sim.Timeout(2);
        var c = a & b;
        sim.Run();
        Assert.Equal(new Event[] { a, b }, (Event[])c.Value!);
    }

    [Fact]
    public void Run_until_processes_events_before_the_limit_and_sets_the_clock()
    {
        var sim = new Simulation();
        var fired = new List<long>();
        foreach (var t in new long[] { 5, 10, 15 })
        {
            sim.Timeout(t).AddCallback(_ => fired.Add(sim.Now));
        }

        sim.Run(10); // exclusive, as SimSharp: the entry at 10 waits for the next run
        Assert.Equal(new long[] { 5 }, fired);
        Assert.Equal(10, sim.Now);
        Assert.Equal(2, sim.PendingEvents);
        Assert.Equal(1, sim.ProcessedEvents);
    }

    [Fact]
    public void Run_until_an_event_stops_when_it_is_processed()
    {
        var sim = new Simulation();
        var stop = sim.Timeout(20);
        sim.Timeout(30);
        sim.Run(stop);
        Assert.Equal(20, sim.Now);
        Assert.Equal(1, sim.PendingEvents);
    }

    [Fact]
    public void Step_processes_exactly_one_entry()
    {
        var sim = new Simulation();
        sim.Timeout(1);
        sim.Timeout(2);
        Assert.True(sim.Step());
        Assert.Equal(1, sim.Now);
        Assert.True(sim.Step());
        Assert.False(sim.Step());
    }

    [Fact]
    public void Yielding_an_already_processed_event_continues_immediately()
    {
        var sim = new Simulation();
        var done = sim.Timeout(1);
        long at = -1;
        IEnumerable<Event> P()
        {
            yield return sim.Timeout(5);
            yield return done; // processed at t=1 already
            at = sim.Now;
        }

        sim.Process(P());
        sim.Run();
        Assert.Equal(5, at);
    }

    [Fact]
    public void Triggering_twice_is_an_error()
    {
        var sim = new Simulation();
        var e = sim.Event().Succeed();
        Assert.Throws<InvalidOperationException>(() => e.Succeed());
    }

    [Fact]
    public void Negative_delays_are_rejected()
    {
        var sim = new Simulation();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Timeout(-1));
    }
}
