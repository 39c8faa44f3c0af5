using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Workloads.Sizes;
using Xunit.Abstractions;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>
/// The serving model reduced to textbook queues: with one sequence at a time and a known service
/// time, queueing delay must match queueing theory inside the 99 % interval of independent
/// replications.
/// </summary>
public sealed class ServingQueueingTests(ITestOutputHelper output)
{
    [Fact]
    public void One_replica_batch_one_fixed_service_time_gives_the_MD1_mean_queueing_delay()
    {
        // Service: a 1000-token prompt at 10 us per token = 10 ms, one output token, no overhead.
        const double service = 0.010, rho = 0.7, lambda = rho / service;
        var means = new List<double>();
        for (var rep = 0; rep < 20; rep++)
        {
            var result = Run(new ServingSetup
            {
                Seed = (ulong)(1000 + rep),
                Classes = [PoissonClass("chat", lambda, new ConstantSize(1000), new ConstantSize(1), 20_000)],
                Pools = [Pool(1, Config(maxSequences: 1), new LinearIterationTimer(0, perPrefillTokenNs: 10_000))],
                WarmupNs = SimTime.FromSeconds(20),
            });
            means.Add(result.Classes[0].Queue.Mean / SimTime.Second);
            Assert.Equal(20_000, result.Classes[0].Completed);
        }

        var wq = rho * service / (2 * (1 - rho)); // M/D/1: rho / (2 mu (1 - rho))
        var ci = ConfidenceInterval.Of(means);
        output.WriteLine($"M/D/1 queueing delay: simulated {ci}, theory {wq:G6} s");
        Assert.True(ci.Contains(wq), $"theory {wq} outside {ci}");
    }

    [Fact]
    public void Four_replicas_behind_a_central_queue_with_exponential_service_give_Erlang_C()
    {
        // Geometric prompt lengths with mean 2,000 tokens at 5 us each: service ~ Exp(mean 10 ms)
        // to within 1/(2 x 2000) in its second moment, far below the replication noise.
        const int c = 4;
        const double meanService = 0.010, rho = 0.8, lambda = rho * c / meanService;
        var waits = new List<double>();
        for (var rep = 0; rep < 20; rep++)
        {
            var result = Run(new ServingSetup
            {
                Seed = (ulong)(2000 + rep),
                Classes = [PoissonClass("chat", lambda, new GeometricSize(2000), new ConstantSize(1), 30_000)],
                Pools = [Pool(c, Config(maxSequences: 1), new LinearIterationTimer(0, perPrefillTokenNs: 5_000))],
                CentralQueue = true,
                WarmupNs = SimTime.FromSeconds(5),
            });
            waits.Add(result.Classes[0].Queue.Mean / SimTime.Second);
        }

        var a = lambda * meanService;
        double term = 1, sum = 0;
        for (var k = 0; k < c; k++)
        {
            sum += term;
            term *= a / (k + 1);
        }

        var erlangC = term / (1 - rho) / (sum + term / (1 - rho));
        var wq = erlangC / (c / meanService - lambda);
        var ci = ConfidenceInterval.Of(waits);
        output.WriteLine($"M/M/4 queueing delay: simulated {ci}, theory {wq:G6} s (Erlang C {erlangC:G4})");
        Assert.True(ci.Contains(wq), $"theory {wq} outside {ci}");
    }
}
