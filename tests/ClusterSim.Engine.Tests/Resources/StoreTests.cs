using ClusterSim.Engine.Core;
using ClusterSim.Engine.Resources;

namespace ClusterSim.Engine.Tests.Resources;

public sealed class StoreTests
{
    [Fact]
    public void Gets_wait_for_puts_and_receive_items_in_order()
    {
        var sim = new Simulation();
        var store = new Store<string>(sim);
        var got = new List<(string, long)>();
        IEnumerable<Event> Consumer()
        {
            for (var i = 0; i < 3; i++)
            {
                var get = store.Get();
                yield return get;
                got.Add((get.Item, sim.Now));
            }
        }

        IEnumerable<Event> Producer()
        {
            foreach (var item in new[] { "a", "b", "c" })
            {
                yield return sim.Timeout(5);
                yield return store.Put(item);
            }
        }

        sim.Process(Consumer());
        sim.Process(Producer());
        sim.Run();
        Assert.Equal(new[] { ("a", 5L), ("b", 10L), ("c", 15L) }, got);
    }

    [Fact]
    public void Puts_wait_while_the_store_is_full()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim, capacity: 2);
        var p1 = store.Put(1);
        var p2 = store.Put(2);
        var p3 = store.Put(3);
        Assert.True(p1.IsTriggered && p2.IsTriggered);
        Assert.False(p3.IsTriggered);
        var g = store.Get();
        Assert.Equal(1, g.Item);
        Assert.True(p3.IsTriggered);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void Filter_store_gives_each_get_the_oldest_item_it_accepts()
    {
        var sim = new Simulation();
        var store = new FilterStore<int>(sim);
        var even = store.Get(x => x % 2 == 0);
        var any = store.Get();
        store.Put(1);
        Assert.False(even.IsTriggered);
        Assert.True(any.IsTriggered);
        Assert.Equal(1, any.Item);
        store.Put(3);
        store.Put(4);
        Assert.Equal(4, even.Item);
        Assert.Equal(new[] { 3 }, store.Items);
    }

    [Fact]
    public void Container_gets_wait_for_the_level_and_puts_for_room()
    {
        var sim = new Simulation();
        var tank = new Container(sim, capacity: 10, initial: 2);
        var get = tank.Get(5);
        Assert.False(get.IsTriggered);
        tank.Put(4);
        Assert.True(get.IsTriggered);
        Assert.Equal(1, tank.Level, 12);
        var big = tank.Put(10);
        Assert.False(big.IsTriggered);
        tank.Get(1);
        Assert.True(big.IsTriggered);
        Assert.Equal(10, tank.Level, 12);
    }

    [Fact]
    public void Container_rejects_amounts_outside_its_range()
    {
        var sim = new Simulation();
        var tank = new Container(sim, capacity: 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => tank.Put(11));
        Assert.Throws<ArgumentOutOfRangeException>(() => tank.Get(0));
    }
}
