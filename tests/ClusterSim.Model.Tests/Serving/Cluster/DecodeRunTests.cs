using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Workloads.Sizes;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>
/// Back-to-back decode-only iterations are simulated with one event per run (split when work
/// arrives). That must change nothing but the event count: every latency, gap and count equals the
/// one-event-per-iteration path, which a tracer forces.
/// </summary>
public sealed class DecodeRunTests
{
    private sealed class CountingTracer : IReplicaTracer
    {
        public long Iterations { get; private set; }

        public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape) => Iterations++;

        public void OnPreemption(Replica replica, TextRequest victim, long nowNs)
        {
        }
    }

    [Theory]
    [InlineData("continuous", 1_000_000)]
    [InlineData("chunked_prefill", 1_000_000)]
    [InlineData("continuous", 900)] // a small KV cache: runs shortened by block limits, preemptions
    public void Decode_runs_give_exactly_the_results_of_one_event_per_iteration(string policy, int kvBlocks)
    {
        ServingSetup Setup() => new()
        {
            Seed = 12,
            Classes =
            [
                PoissonClass("chat", 3, new LogNormalSize(400, 1.0, max: 3000), new LogNormalSize(300, 1.0, max: 2000), 1_500),
                PoissonClass("batch", 0.5, new ConstantSize(2000), new ConstantSize(600), 250),
            ],
            Pools = [Pool(3, Config(kvBlocks: kvBlocks, maxSequences: 48), new LinearIterationTimer(3_000_000, 30_000, 40_000, 2), policy)],
        };

        var fastSim = new Simulation(12);
        var fast = new ServingCluster(fastSim, Setup()).Run();
        var tracer = new CountingTracer();
        var slowSim = new Simulation(12);
        var slow = new ServingCluster(slowSim, Setup(), tracer: tracer).Run();

        Assert.Equal(slow.SimulatedNs, fast.SimulatedNs);
        for (var c = 0; c < fast.Classes.Count; c++)
        {
            var f = fast.Classes[c];
            var s = slow.Classes[c];
            Assert.Equal(s.Completed, f.Completed);
            Assert.Equal(s.Preemptions, f.Preemptions);
            Assert.Equal(s.Ttft.ToSummary(), f.Ttft.ToSummary());
            Assert.Equal(s.Tbt.ToSummary(), f.Tbt.ToSummary());
            Assert.Equal(s.Tbt.Count, f.Tbt.Count);
            Assert.Equal(s.Tpot.ToSummary(), f.Tpot.ToSummary());
            Assert.Equal(s.E2e.ToSummary(), f.E2e.ToSummary());
        }

        Assert.Equal(tracer.Iterations, fast.Replicas.Sum(r => r.Iterations));
        Assert.True(fast.Events < slow.Events, $"runs should save events: {fast.Events} vs {slow.Events}");
    }
}
