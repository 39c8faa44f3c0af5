using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Tests.Core;

public sealed class RunUntilSemanticsTests
{
    [Fact]
    public void Run_until_leaves_an_entry_due_exactly_then_pending_and_sets_the_clock()
    {
        var sim = new Simulation();
        var fired = false;
        sim.Timeout(10 * SimTime.Second).AddCallback(_ => fired = true);

        sim.Run(10 * SimTime.Second);

        Assert.False(fired);
        Assert.Equal(10 * SimTime.Second, sim.Now);
        Assert.Equal(1, sim.PendingEvents);
    }

    [Fact]
    public void Run_through_runs_the_entry_due_exactly_then()
    {
        var sim = new Simulation();
        var fired = false;
        sim.Timeout(10 * SimTime.Second).AddCallback(_ => fired = true);

        sim.RunThrough(10 * SimTime.Second);

        Assert.True(fired);
        Assert.Equal(10 * SimTime.Second, sim.Now);
    }

    [Fact]
    public void An_entry_one_nanosecond_before_until_runs()
    {
        var sim = new Simulation();
        var fired = false;
        sim.Timeout(10 * SimTime.Second - 1).AddCallback(_ => fired = true);

        sim.Run(10 * SimTime.Second);

        Assert.True(fired);
    }

    [Fact]
    public void Slicing_a_run_gives_the_same_order_as_one_run()
    {
        static List<long> Trace(Action<Simulation> run)
        {
            var sim = new Simulation();
            var order = new List<long>();
            for (var i = 0; i < 50; i++)
            {
                var id = i;
                sim.Timeout(id % 7 * SimTime.Second).AddCallback(_ => order.Add(id));
            }

            run(sim);
            return order;
        }

        var whole = Trace(s => s.Run(10 * SimTime.Second));
        var sliced = Trace(s =>
        {
            for (var t = 1; t <= 10; t++)
            {
                s.Run(t * SimTime.Second);
            }
        });

        Assert.Equal(50, whole.Count);
        Assert.Equal(whole, sliced);
    }

    [Fact]
    public void Running_to_a_time_in_the_past_is_refused()
    {
        var sim = new Simulation();
        sim.Run(5 * SimTime.Second);

        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Run(4 * SimTime.Second));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.RunThrough(4 * SimTime.Second));
    }

    [Fact]
    public void Machine_shop_style_deadline_does_not_finish_the_job_due_at_it()
    {
        // A job takes exactly 10 units; running to 30 must count 2 jobs done, not 3 (SimPy's answer).
        var sim = new Simulation();
        var done = 0;
        IEnumerable<Event> Worker()
        {
            while (true)
            {
                yield return sim.Timeout(10);
                done++;
            }
        }

        sim.Process(Worker());
        sim.Run(30);

        Assert.Equal(2, done);
    }
}
