using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Workloads;
using ClusterSim.Model.Workloads.Sizes;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Cluster;

public sealed class ClosedLoopServingTests
{
    [Fact]
    public void Closed_loop_users_through_the_cluster_give_the_interactive_response_time_law()
    {
        // 20 users, exponential think time Z = 1 s, service S = 0.5 s with no waiting (20 replicas,
        // one sequence each, central queue): throughput X = N / (S + Z) = 13.33 req/s.
        const int users = 20;
        const double seconds = 600;
        var setup = new ServingSetup
        {
            Seed = 4,
            Classes =
            [
                new ClassSetup("users", sim => new ClosedLoopRequestSource(users, 1.0, new ConstantSize(1000), new ConstantSize(1),
                    sim.Random["think"], sim.Random["sizes"], endNs: SimTime.FromSeconds(seconds)), SloTargets.None),
            ],
            Pools = [Pool(users, Config(maxSequences: 1), new LinearIterationTimer(0, perPrefillTokenNs: 500_000))],
            CentralQueue = true,
        };
        var result = Run(setup);
        var c = result.Classes[0];
        var throughput = c.Arrived / seconds;
        var expected = users / (0.5 + 1.0);
        // Cycle-time CV is 1/1.5, so the count's standard deviation is about 0.75 %; 4 of them bound it.
        Assert.InRange(throughput / expected, 0.97, 1.03);
        Assert.Equal(c.Arrived, c.Completed + c.Dropped + c.InFlight);
        Assert.Equal(0.5, c.E2e.ToSummary().Mean, 6);
    }
}
