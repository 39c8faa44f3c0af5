using ClusterSim.Engine.Core;
using ClusterSim.Engine.Resources;

namespace ClusterSim.Engine.Tests.Resources;

public sealed class StoreKindsTests
{
    private static List<T> Drain<T>(Simulation sim, Func<StoreGet<T>> get, int n)
    {
        var got = new List<T>();
        IEnumerable<Event> Taker()
        {
            for (var i = 0; i < n; i++)
            {
                var g = get();
                yield return g;
                got.Add(g.Item);
            }
        }

        sim.Process(Taker());
        sim.Run();
        return got;
    }

    [Fact]
    public void A_stack_store_gives_the_last_item_first()
    {
        var sim = new Simulation();
        var stack = new StackStore<string>(sim);
        foreach (var s in new[] { "a", "b", "c" })
        {
            stack.Put(s);
        }

        Assert.Equal(new[] { "c", "b", "a" }, Drain(sim, stack.Get, 3));
    }

    [Fact]
    public void A_priority_store_gives_the_lowest_priority_first_ties_in_put_order()
    {
        var sim = new Simulation();
        var store = new PriorityStore<string>(sim);
        store.Put("low-1", 5);
        store.Put("urgent", -1);
        store.Put("low-2", 5);
        store.Put("default"); // priority 0

        Assert.Equal(new[] { "urgent", "default", "low-1", "low-2" }, Drain(sim, store.Get, 4));
    }

    [Fact]
    public void A_pool_hands_out_a_matching_item_and_waits_for_one()
    {
        var sim = new Simulation();
        var pool = new ResourcePool<string>(sim, new[] { "h100-a", "h200-a", "h100-b" });
        var log = new List<string>();
        IEnumerable<Event> User(string name, string prefix, long hold)
        {
            var req = pool.Request(x => x.StartsWith(prefix, StringComparison.Ordinal));
            yield return req;
            log.Add(FormattableString.Invariant($"{sim.Now} {name} {req.Item}"));
            yield return sim.Timeout(hold);
            yield return pool.Release(req.Item);
        }

        sim.Process(User("u1", "h200", 10));
        sim.Process(User("u2", "h200", 5)); // waits for u1's h200
        sim.Process(User("u3", "h100", 1)); // not blocked by u2
        sim.Run();

        Assert.Equal(new[] { "0 u1 h200-a", "0 u3 h100-a", "10 u2 h200-a" }, log);
        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public void Releasing_a_foreign_or_idle_item_is_refused()
    {
        var sim = new Simulation();
        var pool = new ResourcePool<int>(sim, new[] { 1, 2 });

        Assert.Throws<ArgumentException>(() => pool.Release(3));
        Assert.Throws<InvalidOperationException>(() => pool.Release(1));
        Assert.Throws<ArgumentException>(() => new ResourcePool<int>(sim, Array.Empty<int>()));
    }
}
