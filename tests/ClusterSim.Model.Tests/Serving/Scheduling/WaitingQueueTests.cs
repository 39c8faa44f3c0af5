using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Tests.Serving.Scheduling;

/// <summary>Each discipline's order on small hand-made queues, and fair sharing's service ratio.</summary>
public sealed class WaitingQueueTests
{
    private sealed record Item(int Class, long ReadyNs, long Id, double Size = 1, double Work = 1);

    private static readonly Func<Item, QueueItem> Describe = i => new QueueItem(i.Class, i.ReadyNs, i.Id, i.Size, i.Work);

    // Class 0: priority 0, deadline 100 ns after ready; class 1: priority 2, deadline 10 ns; class 2: priority 1, no deadline.
    private static readonly ClassSchedule[] Classes = [new(0, 100, 1), new(2, 10, 1), new(1, ClassSchedule.NoDeadline, 1)];

    private static List<long> Drain(WaitingQueue<Item> q)
    {
        var ids = new List<long>();
        while (q.Count > 0)
        {
            ids.Add(q.PopFront().Id);
        }

        return ids;
    }

    private static WaitingQueue<Item> Fill(SchedulingPolicy policy)
    {
        var q = WaitingQueue<Item>.Create(policy, Classes, Describe);
        q.PushBack(new Item(0, ReadyNs: 0, Id: 1, Size: 50));
        q.PushBack(new Item(1, ReadyNs: 95, Id: 2, Size: 30));
        q.PushBack(new Item(2, ReadyNs: 20, Id: 3, Size: 10));
        q.PushBack(new Item(1, ReadyNs: 5, Id: 4, Size: 40));
        q.PushBack(new Item(0, ReadyNs: 1, Id: 5, Size: 20));
        return q;
    }

    [Fact]
    public void First_come_first_served_keeps_arrival_order_and_puts_returned_work_in_front()
    {
        var q = Fill(SchedulingPolicy.Fcfs);
        var first = q.PopFront();
        var second = q.PopFront();
        q.PushFront(second);
        q.PushFront(first);
        Assert.Equal([1L, 2, 3, 4, 5], Drain(q));
    }

    [Fact]
    public void Strict_priority_serves_higher_classes_first_and_the_oldest_within_a_class()
        => Assert.Equal([4L, 2, 3, 1, 5], Drain(Fill(SchedulingPolicy.Priority)));

    /// <summary>Deadlines: 1 -> 100, 2 -> 105, 3 -> none, 4 -> 15, 5 -> 101.</summary>
    [Fact]
    public void Earliest_deadline_first_orders_by_ready_time_plus_the_class_deadline_and_puts_no_deadline_last()
        => Assert.Equal([4L, 1, 5, 2, 3], Drain(Fill(SchedulingPolicy.Edf)));

    [Fact]
    public void Shortest_first_orders_by_size()
        => Assert.Equal([3L, 5, 2, 4, 1], Drain(Fill(SchedulingPolicy.ShortestFirst)));

    [Fact]
    public void An_ordered_discipline_returns_taken_work_to_its_own_place()
    {
        var q = Fill(SchedulingPolicy.Edf);
        var head = q.PopFront();
        q.PushBack(new Item(0, ReadyNs: 0, Id: 6)); // deadline 100, younger than item 1 at the same deadline
        q.PushFront(head);
        Assert.Equal([4L, 1, 6, 5, 2, 3], Drain(q));
    }

    /// <summary>
    /// Three backlogged classes of weights 1, 2 and 5, unit work: over 800 takes each class gets its
    /// weight's share (100, 200, 500) to within one item.
    /// </summary>
    [Fact]
    public void Fair_sharing_serves_backlogged_classes_in_proportion_to_their_weights()
    {
        ClassSchedule[] weights = [new(0, ClassSchedule.NoDeadline, 1), new(0, ClassSchedule.NoDeadline, 2), new(0, ClassSchedule.NoDeadline, 5)];
        var q = WaitingQueue<Item>.Create(SchedulingPolicy.Fair, weights, Describe);
        var id = 0L;
        for (var i = 0; i < 1000; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                q.PushBack(new Item(c, 0, id++));
            }
        }

        var served = new int[3];
        for (var i = 0; i < 800; i++)
        {
            served[q.PopFront().Class]++;
        }

        Assert.InRange(served[0], 99, 101);
        Assert.InRange(served[1], 199, 201);
        Assert.InRange(served[2], 499, 501);
    }

    /// <summary>
    /// Work-weighted: class 0's items cost 4, class 1's cost 1, equal weights: class 1 gets four items
    /// for each of class 0's, equal work.
    /// </summary>
    [Fact]
    public void Fair_sharing_charges_by_work_not_by_count()
    {
        ClassSchedule[] equal = [new(0, ClassSchedule.NoDeadline, 1), new(0, ClassSchedule.NoDeadline, 1)];
        var q = WaitingQueue<Item>.Create(SchedulingPolicy.Fair, equal, Describe);
        for (var i = 0; i < 500; i++)
        {
            q.PushBack(new Item(0, 0, 2 * i, Work: 4));
            q.PushBack(new Item(1, 0, 2 * i + 1, Work: 1));
        }

        var served = new int[2];
        for (var i = 0; i < 500; i++)
        {
            served[q.PopFront().Class]++;
        }

        Assert.InRange(served[0], 99, 101);
        Assert.InRange(served[1], 399, 401);
    }

    /// <summary>A class that was idle starts from the current virtual time: it cannot spend credit banked while idle.</summary>
    [Fact]
    public void Fair_sharing_banks_no_credit_for_an_idle_class()
    {
        ClassSchedule[] equal = [new(0, ClassSchedule.NoDeadline, 1), new(0, ClassSchedule.NoDeadline, 1)];
        var q = WaitingQueue<Item>.Create(SchedulingPolicy.Fair, equal, Describe);
        for (var i = 0; i < 100; i++)
        {
            q.PushBack(new Item(0, 0, i));
        }

        for (var i = 0; i < 50; i++)
        {
            q.PopFront();
        }

        for (var i = 0; i < 100; i++)
        {
            q.PushBack(new Item(1, 1, 100 + i));
        }

        var served = new int[2];
        for (var i = 0; i < 40; i++)
        {
            served[q.PopFront().Class]++;
        }

        // Without the reset class 1 would take all 40 (it had 50 units of unused credit).
        Assert.InRange(served[1], 19, 21);
    }

    [Fact]
    public void Scenario_names_map_to_the_built_in_disciplines()
    {
        (string Name, SchedulingPolicy Policy)[] expected =
        [
            ("fcfs", SchedulingPolicy.Fcfs), ("priority", SchedulingPolicy.Priority), ("edf", SchedulingPolicy.Edf),
            ("shortest_first", SchedulingPolicy.ShortestFirst), ("fair", SchedulingPolicy.Fair),
        ];
        foreach (var (name, policy) in expected)
        {
            Assert.Same(policy, SchedulingPolicies.Parse(name));
            Assert.Equal(name, SchedulingPolicies.Name(policy));
        }
    }

    [Fact]
    public void An_unknown_name_lists_the_built_in_ones()
        => Assert.Contains("fcfs, priority, shortest_first, edf, fair", Assert.Throws<NotSupportedException>(() => SchedulingPolicies.Parse("lottery")).Message);
}
