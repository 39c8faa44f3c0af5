using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Batching;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Routing;
using ClusterSim.Model.Workloads.Sizes;
using ClusterSim.Model.Runs;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>Every request that arrived is completed, dropped or still in flight: for every policy and router.</summary>
public sealed class ConservationTests
{
    // A toy roofline: 2 ms per iteration, 20 us per prompt token, 0.1 us per context token read.
    private static readonly LinearIterationTimer Timer = new(2_000_000, perPrefillTokenNs: 20_000, perContextTokenNs: 100);

    public static TheoryData<string, string> PolicyRouterPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var policy in BatchPolicies.Names)
        {
            foreach (var router in Routers.Names)
            {
                data.Add(policy, router);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PolicyRouterPairs))]
    public void Arrived_equals_completed_plus_dropped_plus_in_flight(string policy, string router)
    {
        foreach (var cutAt in new[] { SimTime.FromSeconds(20), long.MaxValue })
        {
            var setup = new ServingSetup
            {
                Seed = 5,
                Classes =
                [
                    PoissonClass("chat", 30, new LogNormalSize(600, 1.0, max: 6000), new LogNormalSize(150, 1.0, max: 1500), 2_000),
                    // Prompts too big for the KV cache are dropped, never lost.
                    PoissonClass("huge", 0.5, new ConstantSize(40_000), new ConstantSize(10), 20),
                ],
                Pools = [Pool(3, Config(kvBlocks: 2_000, maxSequences: 32), Timer, policy)],
                Router = () => Routers.Create(router),
                MaxTimeNs = cutAt,
            };
            var run = ClusterRun.Prepare(setup);
            var cluster = run.Cluster;
            var result = run.Run();
            foreach (var c in result.Classes.Append(result.Overall))
            {
                Assert.Equal(c.Arrived, c.Completed + c.Dropped + c.InFlight);
                Assert.True(c.InFlight >= 0);
            }

            // InFlight is defined as the difference, so count what is really held: every request still in
            // flight sits at a replica (waiting or running), none is lost or counted twice.
            Assert.Equal(result.Overall.Arrived - result.Overall.Completed - result.Overall.Dropped, cluster.Replicas.Sum(r => (long)r.Outstanding));

            Assert.True(result.Classes[1].Arrived > 0);
            Assert.Equal(result.Classes[1].Arrived, result.Classes[1].Dropped);
            if (cutAt == long.MaxValue)
            {
                Assert.Equal(0, result.Overall.InFlight);
                Assert.Equal(2_000, result.Classes[0].Completed);
            }
            else
            {
                Assert.True(result.Overall.InFlight > 0, "the cut should leave work in flight");
            }
        }
    }

    [Fact]
    public void Disaggregated_prefill_and_decode_conserve_requests()
    {
        var setup = new ServingSetup
        {
            Seed = 8,
            Classes = [PoissonClass("chat", 40, new LogNormalSize(1000, 0.8, max: 6000), new LogNormalSize(200, 1.0, max: 1500), 3_000)],
            Pools =
            [
                Pool(2, Config(role: ReplicaRole.Prefill), Timer, name: "prefill"),
                Pool(2, Config(role: ReplicaRole.Decode), Timer, name: "decode"),
            ],
            MaxTimeNs = SimTime.FromSeconds(30),
        };
        var result = Run(setup);
        var c = result.Overall;
        Assert.Equal(c.Arrived, c.Completed + c.Dropped + c.InFlight);
        Assert.True(c.Completed > 0);
    }
}
