using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Serving.Routing;
using ClusterSim.Model.Workloads.Sizes;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>
/// Central-queue dispatch keeps the replicas with room as they change rather than scanning them all:
/// the router must still see exactly what a scan gives, in candidate order.
/// </summary>
public sealed class CentralDispatchTests
{
    [Fact]
    public void Router_sees_exactly_the_candidates_with_room_in_candidate_order()
    {
        var router = new CheckingRouter();
        var setup = new ServingSetup
        {
            Name = "central-dispatch",
            Seed = 17,
            Classes =
            [
                PoissonClass("everywhere", 40, new GeometricSize(300), new GeometricSize(40), 3_000),
                PoissonClass("only-b", 20, new GeometricSize(300), new GeometricSize(40), 1_500) with { Pools = ["b"] },
            ],
            Pools =
            [
                Pool(3, Config(maxSequences: 2), new LinearIterationTimer(2_000_000, perPrefillTokenNs: 5_000), name: "a"),
                Pool(4, Config(maxSequences: 3), new LinearIterationTimer(2_000_000, perPrefillTokenNs: 5_000), name: "b"),
            ],
            Router = () => router,
            CentralQueue = true,
        };
        var run = ClusterRun.Prepare(setup);
        router.Replicas = run.Cluster.Replicas;

        var result = run.Run();

        Assert.Equal(4_500, result.Overall.Completed);
        Assert.Empty(router.Mismatches);
        Assert.True(router.PartialCalls > 100, $"only {router.PartialCalls} dispatches saw some replicas full");
    }

    /// <summary>Compares every candidate list with a scan of the class's replicas (the definition of "with room").</summary>
    private sealed class CheckingRouter : IRouter
    {
        private int _calls;

        public IReadOnlyList<Replica> Replicas { get; set; } = [];

        public List<string> Mismatches { get; } = [];

        public int PartialCalls { get; private set; }

        public string Name => "checking";

        public int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random)
        {
            var eligible = Replicas.Where(r => request.ClassIndex == 0 || r.Config.Pool == "b").ToList();
            var expected = eligible.Where(r => r.Outstanding < r.Config.MaxSequences).ToList();
            if (!expected.SequenceEqual(candidates.Cast<Replica>()))
            {
                Mismatches.Add($"call {_calls}: expected [{string.Join(",", expected.Select(r => r.Index))}], got [{string.Join(",", candidates.Cast<Replica>().Select(r => r.Index))}]");
            }

            if (expected.Count < eligible.Count)
            {
                PartialCalls++;
            }

            // Spread choices over the list so replicas fill and drain in every position.
            return (int)((uint)(_calls++ * 7919) % (uint)candidates.Count);
        }
    }
}
