using ClusterSim.Engine.Core;
using ClusterSim.Engine.Resources;

namespace ClusterSim.Engine.Tests.Resources;

public sealed class ConditionTests
{
    private static long When(Simulation sim, Event e)
    {
        long at = -1;
        e.AddCallback(_ => at = sim.Now);
        return at;
    }

    [Fact]
    public void Resource_conditions_fire_when_their_state_is_reached()
    {
        var sim = new Simulation();
        var r = new Resource(sim, 2);
        long full = -1, empty = -1, any = -1, change = -1;
        IEnumerable<Event> User(long start, long hold)
        {
            yield return sim.Timeout(start);
            using var req = r.Request();
            yield return req;
            yield return sim.Timeout(hold);
        }

        sim.Process(User(1, 10)); // holds [1, 11)
        sim.Process(User(2, 3));  // holds [2, 5)
        r.WhenFull().AddCallback(_ => full = sim.Now);
        r.WhenChange().AddCallback(_ => change = sim.Now);
        sim.Run(3);
        r.WhenEmpty().AddCallback(_ => empty = sim.Now);
        r.WhenAny().AddCallback(_ => any = sim.Now); // full at 3: fires when the unit frees at 5
        sim.Run();

        Assert.Equal(2, full);
        Assert.Equal(1, change);
        Assert.Equal(5, any);
        Assert.Equal(11, empty);
    }

    [Fact]
    public void A_condition_that_already_holds_fires_at_once()
    {
        var sim = new Simulation();
        var r = new Resource(sim, 1);
        var any = r.WhenAny();
        var empty = r.WhenEmpty();
        sim.Run();

        Assert.True(any.IsProcessed);
        Assert.True(empty.IsProcessed);
        Assert.Equal(0, sim.Now);
    }

    [Fact]
    public void Store_conditions_follow_the_item_count()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim, capacity: 2);
        long any = -1, full = -1, empty = -1;
        store.WhenAny().AddCallback(_ => any = sim.Now);
        store.WhenFull().AddCallback(_ => full = sim.Now);
        IEnumerable<Event> Script()
        {
            yield return sim.Timeout(1);
            yield return store.Put(1);
            yield return sim.Timeout(1);
            yield return store.Put(2);
            store.WhenEmpty().AddCallback(_ => empty = sim.Now);
            yield return sim.Timeout(1);
            yield return store.Get();
            yield return store.Get();
        }

        sim.Process(Script());
        sim.Run();

        Assert.Equal(1, any);
        Assert.Equal(2, full);
        Assert.Equal(3, empty);
    }

    [Fact]
    public void Container_at_least_and_at_most_fire_on_the_crossing()
    {
        var sim = new Simulation();
        var tank = new Container(sim, capacity: 100, initial: 50);
        long low = -1, high = -1, change = -1;
        tank.WhenAtMost(20).AddCallback(_ => low = sim.Now);
        tank.WhenAtLeast(90).AddCallback(_ => high = sim.Now);
        tank.WhenChange().AddCallback(_ => change = sim.Now);
        IEnumerable<Event> Script()
        {
            yield return sim.Timeout(1);
            yield return tank.Get(20); // 30
            yield return sim.Timeout(1);
            yield return tank.Get(15); // 15 <= 20
            yield return sim.Timeout(1);
            yield return tank.Put(80); // 95 >= 90
        }

        sim.Process(Script());
        sim.Run();

        Assert.Equal(1, change);
        Assert.Equal(2, low);
        Assert.Equal(3, high);
        Assert.Throws<ArgumentOutOfRangeException>(() => tank.WhenAtLeast(101));
    }

    [Fact]
    public void An_unwatched_component_allocates_no_condition_list()
    {
        // "Costs nothing when unset": a resource nobody waits on keeps its waiter list null.
        var sim = new Simulation();
        var r = new Resource(sim, 1);
        r.Request();
        var field = typeof(Resource).GetField("_conditions", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;

        Assert.Null(field.GetValue(r));
        _ = When(sim, r.WhenChange());
        Assert.NotNull(field.GetValue(r));
    }
}
