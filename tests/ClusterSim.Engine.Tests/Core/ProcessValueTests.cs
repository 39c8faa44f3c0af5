using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Tests.Core;

public sealed class ProcessValueTests
{
    [Fact]
    public void A_process_ends_with_the_value_it_set_and_run_returns_it()
    {
        var sim = new Simulation();
        IEnumerable<Event> Answer()
        {
            yield return sim.Timeout(5);
            sim.ActiveProcess!.Succeed(42);
        }

        var p = sim.Process(Answer());

        Assert.Equal(42, sim.Run(p));
        Assert.Equal(5, sim.Now);
    }

    [Fact]
    public void A_waiting_process_receives_the_value()
    {
        var sim = new Simulation();
        object? seen = null;
        IEnumerable<Event> Child()
        {
            yield return sim.Timeout(3);
            sim.ActiveProcess!.Succeed("done");
        }

        IEnumerable<Event> Parent()
        {
            var child = sim.Process(Child());
            yield return child;
            seen = child.Value;
        }

        sim.Process(Parent());
        sim.Run();

        Assert.Equal("done", seen);
    }

    [Fact]
    public void A_process_without_a_value_ends_with_null()
    {
        var sim = new Simulation();
        IEnumerable<Event> Plain()
        {
            yield return sim.Timeout(1);
        }

        Assert.Null(sim.Run(sim.Process(Plain())));
    }

    [Fact]
    public void Yielding_after_setting_the_value_is_an_error()
    {
        var sim = new Simulation();
        IEnumerable<Event> Bad()
        {
            sim.ActiveProcess!.Succeed(1);
            yield return sim.Timeout(1);
        }

        sim.Process(Bad());

        var e = Assert.Throws<InvalidOperationException>(() => sim.Run());
        Assert.Contains("yield break", e.Message);
    }

    [Fact]
    public void Other_code_cannot_succeed_a_process()
    {
        var sim = new Simulation();
        IEnumerable<Event> Wait()
        {
            yield return sim.Timeout(10);
        }

        var p = sim.Process(Wait());

        Assert.Throws<InvalidOperationException>(() => p.Succeed(1));
    }

    [Fact]
    public void Run_event_throws_when_the_queue_empties_first()
    {
        var sim = new Simulation();
        var never = sim.Event();
        sim.Timeout(5);

        var e = Assert.Throws<InvalidOperationException>(() => sim.Run(never));
        Assert.Contains("never will", e.Message);
        Assert.Equal(5, sim.Now);
    }

    [Fact]
    public void Run_event_throws_when_stop_ends_the_run_first_and_does_not_stop_a_later_run()
    {
        var sim = new Simulation();
        var late = sim.Timeout(100);
        sim.Timeout(10).AddCallback(_ => sim.Stop());
        var after = 0;
        sim.Timeout(200).AddCallback(_ => after++);

        Assert.Throws<InvalidOperationException>(() => sim.Run(late));
        Assert.Equal(10, sim.Now);

        sim.Run(); // the stop callback on `late` was removed: this run goes to the end
        Assert.Equal(1, after);
        Assert.Equal(200, sim.Now);
    }

    [Fact]
    public void Run_event_throws_the_failure_of_a_failed_event()
    {
        var sim = new Simulation();
        var e = sim.Event();
        sim.Timeout(2).AddCallback(_ => e.Fail("broken"));

        var ex = Assert.Throws<EventFailedException>(() => sim.Run(e));
        Assert.Equal("broken", ex.Cause);
    }
}
