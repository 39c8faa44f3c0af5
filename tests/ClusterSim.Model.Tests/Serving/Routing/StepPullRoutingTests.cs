using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Serving.Routing;
using ClusterSim.Model.Tests.Contracts;
using ClusterSim.Model.Tests.Serving.Cluster;
using ClusterSim.Model.Metrics;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Routing;

/// <summary>
/// Engines pulling from one shared queue at each step (NVIDIA's MLPerf LLM harness), against hand-timed step boundaries.
/// The iteration costs a fixed 10 ms plus 10 us a prompt token, so a step carrying a 100-token prompt takes 11 ms.
/// </summary>
public sealed class StepPullRoutingTests
{
    private static readonly LinearIterationTimer Timer = new(10_000_000, perPrefillTokenNs: 10_000);

    private static TextRequest Request() => new(1, 0, 0, 100, 10, null);

    [Fact]
    public void The_replica_that_next_reaches_a_step_boundary_takes_the_request()
    {
        var replicas = new IReplicaView[]
        {
            new FakeReplica(0, outstanding: 3, stepBoundaryNs: 50),
            new FakeReplica(1, outstanding: 9, stepBoundaryNs: 20),
            new FakeReplica(2, outstanding: 1, stepBoundaryNs: 30),
        };

        Assert.Equal(1, new StepPullRouter().Route(Request(), replicas, new SimRandom(1)));
    }

    [Fact]
    public void An_idle_replica_takes_it_at_once_and_idle_ties_go_to_the_fewest_in_flight()
    {
        var replicas = new IReplicaView[]
        {
            new FakeReplica(0, outstanding: 4, stepBoundaryNs: 20),
            new FakeReplica(1, outstanding: 2, stepBoundaryNs: 0),
            new FakeReplica(2, outstanding: 1, stepBoundaryNs: 0),
        };

        Assert.Equal(2, new StepPullRouter().Route(Request(), replicas, new SimRandom(1)));
    }

    [Fact]
    public void A_replica_without_a_free_slot_is_passed_over_unless_every_one_is_full()
    {
        // FakeReplica allows 256 sequences.
        var oneFull = new IReplicaView[] { new FakeReplica(0, outstanding: 256, stepBoundaryNs: 10), new FakeReplica(1, outstanding: 5, stepBoundaryNs: 40) };
        var allFull = new IReplicaView[] { new FakeReplica(0, outstanding: 256, stepBoundaryNs: 60), new FakeReplica(1, outstanding: 300, stepBoundaryNs: 40) };

        Assert.Equal(1, new StepPullRouter().Route(Request(), oneFull, new SimRandom(1)));
        Assert.Equal(1, new StepPullRouter().Route(Request(), allFull, new SimRandom(1)));
        Assert.True(((IRouter)new StepPullRouter()).HoldsWhileFull, "a pulling router keeps requests in the cluster's queue while every replica is full");
        Assert.False(((IRouter)new LeastOutstandingRouter()).HoldsWhileFull);
    }

    [Theory]
    // A (t = 0, 100-token prompt) starts replica 0: its prompt step ends at 11 ms, then a decode step every 10 ms (21, 31,
    // 41, 51 ms). B (t = 4 ms) starts replica 1: 15 ms, then 25, 35, 45 ms. The probe arrives at 42.5 ms with a 100-token
    // prompt. Pulled, it goes to replica 1, whose step ends first (45 ms), and its first token comes with the next step,
    // 11 ms: TTFT 2.5 + 11 = 13.5 ms. Routed to the least loaded on arrival, the tie (one request each) goes to replica 0,
    // whose step ends at 51 ms: 8.5 + 11 = 19.5 ms.
    // Scheduled ahead (an overlap scheduler), each replica's next step was formed when its step in progress began, so the
    // probe joins the one after: pulled, replica 1's at 55 ms (first token at 66 ms, TTFT 23.5) before replica 0's at 61
    // (29.5, where the least loaded on arrival sends it).
    [InlineData("step_pull", 13.5, false)]
    [InlineData("least_outstanding", 19.5, false)]
    [InlineData("step_pull", 23.5, true)]
    [InlineData("least_outstanding", 29.5, true)]
    public void The_probe_waits_for_the_earliest_step_boundary_of_any_replica(string router, double expectedTtftMs, bool ahead)
    {
        var log = new FirstTokenLog();
        ClusterRun.Execute(new ServingSetup
        {
            Seed = 1,
            Router = () => Routers.Create(router),
            Classes = [new ClassSetup("all", _ => new ListRequestSource([(0, 100, 200), (0.004, 100, 200), (0.0425, 100, 5)]), SloTargets.None)],
            Pools = [Pool(2, Config() with { ScheduleAhead = ahead }, Timer, "inflight")],
        }, null, RunObservers.FromLog(log));

        Assert.Equal(3, log.Count);
        Assert.Equal(expectedTtftMs, log.OfArrival(0.0425) * 1e3, precision: 6);
        Assert.Equal(11.0, log.OfArrival(0) * 1e3, precision: 6);
        Assert.Equal(11.0, log.OfArrival(0.004) * 1e3, precision: 6);
    }

    [Theory]
    // The step boundaries a router reads when the probe of the hand-timed run above arrives (42.5 ms): the ends of the steps
    // in progress (51 and 45 ms), or, scheduled ahead, of the steps after them (61 and 55 ms), where the probe can join.
    [InlineData(false, 51.0, 45.0)]
    [InlineData(true, 61.0, 55.0)]
    public void A_replica_names_the_boundary_an_arrival_can_join_at(bool ahead, double replica0Ms, double replica1Ms)
    {
        var seen = new List<long[]>();
        ClusterRun.Execute(new ServingSetup
        {
            Seed = 1,
            Router = () => new BoundaryLog(seen),
            Classes = [new ClassSetup("all", _ => new ListRequestSource([(0, 100, 200), (0.004, 100, 200), (0.0425, 100, 5)]), SloTargets.None)],
            Pools = [Pool(2, Config() with { ScheduleAhead = ahead }, Timer, "inflight")],
        });

        Assert.Equal(3, seen.Count);
        Assert.Equal([replica0Ms * 1e6, replica1Ms * 1e6], seen[2].Select(ns => (double)ns));
    }

    /// <summary>Routes as step_pull does, keeping the step boundaries every replica named at each request.</summary>
    private sealed class BoundaryLog(List<long[]> seen) : IRouter
    {
        private readonly StepPullRouter _inner = new();

        public string Name => "boundary_log";

        public int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random)
        {
            seen.Add(candidates.Select(c => c.StepBoundaryNs).ToArray());
            return _inner.Route(request, candidates, random);
        }
    }

    [Fact]
    public void While_every_replica_is_full_requests_wait_in_the_cluster_and_go_to_the_first_replica_that_frees_a_slot()
    {
        // Two replicas of one sequence each. A (t = 0, 2 output tokens) and B (t = 0, 5) fill them: A's prompt step ends at
        // 11 ms, its second token at 21 ms, where it leaves; B's replica is busy to 51 ms. C (t = 1 ms) waits in the
        // cluster (not at either replica) and is taken by A's replica when A leaves, at 21 ms: its prompt step ends at
        // 32 ms, TTFT 31 ms. Routed on arrival to one replica instead it could have waited behind B.
        var log = new FirstTokenLog();
        ClusterRun.Execute(new ServingSetup
        {
            Seed = 1,
            Router = () => new StepPullRouter(),
            Classes = [new ClassSetup("all", _ => new ListRequestSource([(0, 100, 2), (0, 100, 5), (0.001, 100, 1)]), SloTargets.None)],
            Pools = [Pool(2, Config(maxSequences: 1), Timer, "inflight")],
        }, null, RunObservers.FromLog(log));

        Assert.Equal(31.0, log.OfArrival(0.001) * 1e3, precision: 6);
    }
}
