using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Routing;
using ClusterSim.Model.Workloads.Sizes;
using Xunit.Abstractions;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>
/// A front batcher in front of replicas that serve at once (1 ns per prompt token, room for every group): each
/// request's queueing time is its wait in the batcher, whose mean has a closed form for Poisson arrivals.
/// Held inside the 99 % interval of independent replications.
/// </summary>
public sealed class FrontBatcherTests(ITestOutputHelper output)
{
    /// <summary>One-token requests at <paramref name="rate"/> through <paramref name="batching"/> to replicas that serve in nanoseconds.</summary>
    private static ServingSetup Setup(ulong seed, double rate, long count, FrontBatching batching, int replicas = 1) => new()
    {
        Seed = seed,
        Classes = [PoissonClass("chat", rate, new ConstantSize(1), new ConstantSize(1), count) with { FrontBatching = batching }],
        Pools = [Pool(replicas, Config(maxSequences: 4096), new LinearIterationTimer(0, perPrefillTokenNs: 1))],
    };

    private static ConfidenceInterval MeanWait(double rate, FrontBatching batching)
    {
        var waits = new List<double>();
        for (var rep = 0; rep < 12; rep++)
        {
            var result = Run(Setup((ulong)(7000 + rep), rate, 20_000, batching) with { WarmupNs = SimTime.FromSeconds(1) });
            Assert.Equal(20_000, result.Classes[0].Completed);
            waits.Add(result.Classes[0].Queue.Mean / SimTime.Second);
        }

        return ConfidenceInterval.Of(waits);
    }

    [Fact]
    public void A_window_from_the_first_request_gives_the_mean_wait_of_a_Poisson_group()
    {
        // A group opens with an arrival and closes max_wait W later; the λW arrivals inside it wait W/2 on average,
        // its first waits W: mean (W + λW x W/2) / (1 + λW).
        const double rate = 100, w = 0.050;
        var ci = MeanWait(rate, new FrontBatching(int.MaxValue, SimTime.FromSeconds(w), FromDispatch: false));
        var theory = (w + rate * w * w / 2) / (1 + rate * w);
        output.WriteLine($"mean batcher wait: simulated {ci}, theory {theory:G6} s");
        Assert.True(ci.Contains(theory), $"theory {theory} outside {ci}");
    }

    [Fact]
    public void A_full_group_goes_at_once()
    {
        // Groups of 4 that never time out: the i-th of a group waits for the 4 - i arrivals after it, mean (3 + 2 + 1 + 0) / 4 / λ.
        const double rate = 100;
        var ci = MeanWait(rate, new FrontBatching(4, SimTime.FromSeconds(3600), FromDispatch: false));
        var theory = 1.5 / rate;
        output.WriteLine($"mean batcher wait: simulated {ci}, theory {theory:G6} s");
        Assert.True(ci.Contains(theory), $"theory {theory} outside {ci}");
    }

    [Fact]
    public void A_window_from_the_previous_dispatch_sends_a_group_every_max_wait()
    {
        // λW = 20: a window passes empty with probability e^-20, so groups leave every W exactly and an arrival,
        // uniform in its window, waits W/2 on average.
        const double rate = 1000, w = 0.020;
        var ci = MeanWait(rate, new FrontBatching(int.MaxValue, SimTime.FromSeconds(w), FromDispatch: true));
        var theory = w / 2;
        output.WriteLine($"mean batcher wait: simulated {ci}, theory {theory:G6} s");
        Assert.True(ci.Contains(theory), $"theory {theory} outside {ci}");
    }

    [Fact]
    public void A_group_goes_to_one_replica()
    {
        // Groups of 8 to replicas in turn, served in nanoseconds: every replica's largest batch is one whole group (request
        // by request, arrivals 10 ms apart would each run alone).
        var result = Run(Setup(3, 100, 20_000, new FrontBatching(8, SimTime.FromSeconds(3600), FromDispatch: false), replicas: 4)
            with { Router = () => new RoundRobinRouter() });
        Assert.All(result.Replicas, r => Assert.Equal(8, r.MaxBatchSize));
        Assert.Equal(20_000, result.Classes[0].Completed);
    }

    [Fact]
    public void A_group_is_admitted_one_request_at_a_time_against_the_queue_its_predecessors_left()
    {
        // Groups of 8 reach an idle replica whose pool admits while fewer than 4 wait: the first 4 of each group join the
        // queue, the other 4 find it full and are dropped, exactly half of the 2,000 (a check of the whole group against
        // the empty queue would let all in).
        var setup = Setup(5, 10, 2_000, new FrontBatching(8, SimTime.FromSeconds(3600), FromDispatch: false));
        var result = Run(setup with
        {
            Pools = [setup.Pools[0] with
            {
                Admission = () => ClusterSim.Model.Serving.Admission.AdmissionPolicies.Create("queue_limit", new Dictionary<string, double> { ["max_queue"] = 4 }),
            }],
        });
        Assert.Equal(1_000, result.Classes[0].Completed);
        Assert.Equal(1_000, result.Classes[0].Dropped);
    }
}
