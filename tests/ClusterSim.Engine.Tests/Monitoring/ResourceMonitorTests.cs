using ClusterSim.Engine.Core;
using ClusterSim.Engine.Monitoring;
using ClusterSim.Engine.Resources;

namespace ClusterSim.Engine.Tests.Monitoring;

/// <summary>Monitors against a hand-worked schedule: one server, jobs at 0 (4 s) and 1 (2 s).</summary>
public sealed class ResourceMonitorTests
{
    [Fact]
    public void Utilization_wip_lead_and_waiting_times_match_the_hand_worked_schedule()
    {
        var sim = new Simulation();
        var r = new Resource(sim, 1)
        {
            UtilizationMonitor = new TimeWeightedMonitor(sim),
            WipMonitor = new TimeWeightedMonitor(sim, keepSeries: true),
            LeadTimeMonitor = new SampleMonitor(keepSamples: true),
            WaitingTimeMonitor = new SampleMonitor(),
        };
        IEnumerable<Event> Job(long arrive, long work)
        {
            yield return sim.Timeout(arrive * SimTime.Second);
            using var req = r.Request();
            yield return req;
            yield return sim.Timeout(work * SimTime.Second);
        }

        sim.Process(Job(0, 4));
        sim.Process(Job(1, 2));
        sim.Run(10 * SimTime.Second);

        // Busy [0, 6) of 10 s; WIP 1 on [0,1), 2 on [1,4), 1 on [4,6), 0 on [6,10).
        Assert.Equal(0.6, r.UtilizationMonitor.Mean, 12);
        Assert.Equal((1 + 6 + 2) / 10.0, r.WipMonitor.Mean, 12);
        Assert.Equal(new[] { 4.0, 5.0 }, new[] { r.LeadTimeMonitor.Min, r.LeadTimeMonitor.Max });
        Assert.Equal(1.5, r.WaitingTimeMonitor.Mean, 12); // 0 and 3 s
        // Time-weighted WIP: 0 for 4 s, 1 for 3 s, 2 for 3 s => median 1, p95 2, p30 0.
        Assert.Equal(1, r.WipMonitor.Percentile(50));
        Assert.Equal(2, r.WipMonitor.Percentile(95));
        Assert.Equal(0, r.WipMonitor.Percentile(30));
    }

    [Fact]
    public void A_withdrawn_request_is_a_break_off_not_a_wait()
    {
        var sim = new Simulation();
        var r = new Resource(sim, 1) { BreakOffTimeMonitor = new SampleMonitor(), WaitingTimeMonitor = new SampleMonitor() };
        r.Request();
        var second = r.Request();
        sim.Run(3 * SimTime.Second);
        r.Release(second);

        Assert.Equal(1, r.BreakOffTimeMonitor.Count);
        Assert.Equal(3.0, r.BreakOffTimeMonitor.Mean, 12);
        Assert.Equal(1, r.WaitingTimeMonitor.Count); // only the granted one
    }

    [Fact]
    public void Store_lead_time_is_the_time_an_item_spent_inside()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim)
        {
            LeadTimeMonitor = new SampleMonitor(),
            GetWaitingTimeMonitor = new SampleMonitor(),
            CountMonitor = new TimeWeightedMonitor(sim),
        };
        IEnumerable<Event> Script()
        {
            store.Put(1);                       // in at 0
            yield return sim.Timeout(2 * SimTime.Second);
            yield return store.Get();           // out at 2: lead 2
            var waiting = store.Get();          // waits from 2
            yield return sim.Timeout(3 * SimTime.Second);
            store.Put(2);                       // in and out at 5: lead 0, get waited 3
            yield return waiting;
        }

        sim.Process(Script());
        sim.Run(10 * SimTime.Second);

        Assert.Equal(1.0, store.LeadTimeMonitor.Mean, 12);
        Assert.Equal(1.5, store.GetWaitingTimeMonitor.Mean, 12);
        Assert.Equal(0.2, store.CountMonitor.Mean, 12); // one item for 2 s of 10
    }

    [Fact]
    public void A_series_records_each_step_once_per_instant()
    {
        var sim = new Simulation();
        var m = new TimeWeightedMonitor(sim, 0, keepSeries: true, name: "q");
        m.Update(1);
        m.Update(2); // same instant: replaces
        sim.Timeout(5).AddCallback(_ => m.Update(0));
        sim.Run(10);

        Assert.Equal(new[] { (0L, 2.0), (5L, 0.0) }, m.Series);
        Assert.StartsWith("q: mean 1", m.Summarize());
        Assert.Throws<InvalidOperationException>(() => new TimeWeightedMonitor(sim).Percentile(50));
    }
}
