using ClusterSim.Engine.Queue;

namespace ClusterSim.Engine.Tests.Queue;

/// <summary>
/// What every pending-event set must do. A new implementation derives from this class and runs
/// the whole contract.
/// </summary>
public abstract class EventQueueContract
{
    protected abstract IEventQueue Create();

    private static ScheduledEntry Entry(long time, long order) => new(time, order, "x", 0, (int)order);

    [Fact]
    public void Pop_peek_and_replace_top_on_an_empty_queue_throw_a_clear_error()
    {
        var q = Create();
        Assert.Contains("empty", Assert.Throws<InvalidOperationException>(() => q.Pop()).Message);
        Assert.Contains("empty", Assert.Throws<InvalidOperationException>(() => q.Peek()).Message);
        Assert.Throws<InvalidOperationException>(() => q.ReplaceTop(Entry(1, 1)));
        Assert.Equal(0, q.Count);

        q.Push(Entry(3, 0));
        q.Pop();
        Assert.Throws<InvalidOperationException>(() => q.Pop()); // emptied again, still clear
    }

    [Fact]
    public void Pops_in_time_order()
    {
        var q = Create();
        foreach (var t in new long[] { 5, 1, 4, 2, 3 })
        {
            q.Push(Entry(t, t));
        }

        var popped = Enumerable.Range(0, 5).Select(_ => q.Pop().Time).ToArray();
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, popped);
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void Equal_times_pop_by_order_so_ties_are_first_in_first_out()
    {
        var q = Create();
        for (var i = 0; i < 100; i++)
        {
            q.Push(Entry(7, i));
        }

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(i, q.Pop().Order);
        }
    }

    [Fact]
    public void Peek_returns_the_minimum_without_removing_it()
    {
        var q = Create();
        q.Push(Entry(9, 0));
        q.Push(Entry(3, 1));
        Assert.Equal(3, q.Peek().Time);
        Assert.Equal(2, q.Count);
    }

    [Fact]
    public void Matches_a_sorted_reference_under_random_interleaved_pushes_and_pops()
    {
        var q = Create();
        var reference = new SortedSet<(long Time, long Order)>();
        var rng = new Random(12345);
        long order = 0;
        for (var step = 0; step < 200_000; step++)
        {
            if (reference.Count == 0 || rng.NextDouble() < 0.55)
            {
                // Few distinct times, so many ties exercise the order key.
                var e = Entry(rng.Next(0, 500), order++);
                q.Push(e);
                reference.Add((e.Time, e.Order));
            }
            else
            {
                var expected = reference.Min;
                reference.Remove(expected);
                var actual = q.Pop();
                Assert.Equal(expected, (actual.Time, actual.Order));
            }

            Assert.Equal(reference.Count, q.Count);
        }
    }

    [Fact]
    public void ReplaceTop_equals_pop_then_push()
    {
        var q = Create();
        var reference = new SortedSet<(long Time, long Order)>();
        var rng = new Random(777);
        long order = 0;
        for (var i = 0; i < 50; i++)
        {
            var e = Entry(rng.Next(0, 100), order++);
            q.Push(e);
            reference.Add((e.Time, e.Order));
        }

        for (var step = 0; step < 20_000; step++)
        {
            var expected = reference.Min;
            Assert.Equal(expected, (q.Peek().Time, q.Peek().Order));
            var e = Entry(expected.Time + rng.Next(0, 100), order++);
            reference.Remove(expected);
            reference.Add((e.Time, e.Order));
            q.ReplaceTop(e);
            Assert.Equal(reference.Count, q.Count);
        }
    }

    [Fact]
    public void Clear_empties_the_queue()
    {
        var q = Create();
        for (var i = 0; i < 10; i++)
        {
            q.Push(Entry(i, i));
        }

        q.Clear();
        Assert.Equal(0, q.Count);
        q.Push(Entry(1, 1));
        Assert.Equal(1, q.Pop().Time);
    }
}
