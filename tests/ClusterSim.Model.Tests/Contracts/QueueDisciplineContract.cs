using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Tests.Contracts;

/// <summary>
/// What every queue discipline must do. Derive from it with your discipline in <see cref="Create"/>: nothing pushed
/// is lost or served twice, whatever the interleaving of pushes and pops; the count is exact; and, unless
/// <see cref="TiesGoOldestFirst"/> is turned off, items alike in every respect but age leave oldest first.
/// </summary>
public abstract class QueueDisciplineContract
{
    protected abstract IEnumerable<IQueueDiscipline> Create();

    /// <summary>True when items differing only in ready time and id, pushed as they arrive, are served oldest first (every built-in).</summary>
    protected virtual bool TiesGoOldestFirst => true;

    private sealed record Item(int Class, long Ready, long Id, double Size);

    private static readonly ClassSchedule[] Classes =
        [new(0, 1_000_000, 1), new(2, 500_000, 2), new(1, ClassSchedule.NoDeadline, 3)];

    private static QueueItem Describe(Item i) => new(i.Class, i.Ready, i.Id, i.Size, i.Size);

    [Fact]
    public void Nothing_is_lost_or_served_twice()
    {
        foreach (var discipline in Create())
        {
            var queue = discipline.Create<Item>(Classes, Describe);
            var random = new Random(5);
            var served = new List<long>();
            var pushed = 0;
            for (var id = 0L; id < 500; id++)
            {
                queue.PushBack(new Item(random.Next(3), id * 10, id, random.Next(1, 1000)));
                pushed++;
                if (random.Next(3) == 0 && queue.Count > 0)
                {
                    var taken = queue.PopFront();
                    if (random.Next(4) == 0)
                    {
                        queue.PushFront(taken); // returned unfinished, as a preempted request is
                    }
                    else
                    {
                        served.Add(taken.Id);
                    }
                }

                Assert.Equal(pushed - served.Count, queue.Count);
            }

            while (queue.Count > 0)
            {
                var head = queue.PeekFront();
                var taken = queue.PopFront();
                Assert.Same(head, taken);
                served.Add(taken.Id);
            }

            Assert.True(served.Order().SequenceEqual(Enumerable.Range(0, 500).Select(i => (long)i)),
                $"discipline '{discipline.Name}' lost or duplicated items");
        }
    }

    [Fact]
    public void Items_alike_but_for_age_leave_oldest_first()
    {
        if (!TiesGoOldestFirst)
        {
            return;
        }

        foreach (var discipline in Create())
        {
            var queue = discipline.Create<Item>(Classes, Describe);
            foreach (var id in new long[] { 0, 1, 2, 3, 4 })
            {
                queue.PushBack(new Item(1, id * 100, id, 50));
            }

            var order = new List<long>();
            while (queue.Count > 0)
            {
                order.Add(queue.PopFront().Id);
            }

            Assert.True(order.SequenceEqual([0L, 1, 2, 3, 4]), $"discipline '{discipline.Name}' served {string.Join(", ", order)}");
        }
    }
}
