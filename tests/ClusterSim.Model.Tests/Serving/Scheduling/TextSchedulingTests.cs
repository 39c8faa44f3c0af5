using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Scheduling;
using ClusterSim.Model.Workloads.Sizes;
using Xunit.Abstractions;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Scheduling;

/// <summary>
/// The waiting-queue discipline of text replicas: two classes share one replica near saturation
/// (an "interactive" class with a 1 s TTFT target and priority 1, a "batch" class with a 60 s
/// target), with the fixed linear iteration cost of the behaviour tests so that only the order
/// of admission differs between runs.
/// </summary>
public sealed class TextSchedulingTests(ITestOutputHelper output)
{
    private static readonly LinearIterationTimer Timer = new(8_000_000, perPrefillTokenNs: 60_000, perDecodeSequenceNs: 50_000, perContextTokenNs: 0.5);

    private static ServingResult RunWith(SchedulingPolicy policy) => Run(new ServingSetup
    {
        Seed = 21,
        Classes =
        [
            PoissonClass("interactive", 2, new ConstantSize(500), new ConstantSize(100), 3_000, new SloTargets(TtftSeconds: 1)) with { Priority = 1, Weight = 4 },
            PoissonClass("batch", 4.5, new LogNormalSize(500, 0.5, max: 4000), new ConstantSize(100), 6_750, new SloTargets(TtftSeconds: 60)),
        ],
        Pools = [Pool(1, Config(maxSequences: 8), Timer) with { Scheduling = policy }],
    });

    private static double P99(LatencyHistogram h) => h.ToSummary().P99;

    [Fact]
    public void Strict_priority_and_EDF_cut_the_interactive_class_s_tail_TTFT_and_the_batch_class_pays()
    {
        var fcfs = RunWith(SchedulingPolicy.Fcfs);
        var priority = RunWith(SchedulingPolicy.Priority);
        var edf = RunWith(SchedulingPolicy.Edf);
        var fair = RunWith(SchedulingPolicy.Fair);
        foreach (var (name, r) in new[] { ("fcfs", fcfs), ("priority", priority), ("edf", edf), ("fair", fair) })
        {
            output.WriteLine($"{name,-9} interactive p99 TTFT {P99(r.Classes[0].Ttft):F2} s (SLO met {(double)r.Classes[0].SloMet / r.Classes[0].Measured:P1}), batch p99 TTFT {P99(r.Classes[1].Ttft):F2} s");
        }

        Assert.True(P99(priority.Classes[0].Ttft) < 0.5 * P99(fcfs.Classes[0].Ttft));
        Assert.True(P99(edf.Classes[0].Ttft) < 0.5 * P99(fcfs.Classes[0].Ttft));
        Assert.True(P99(priority.Classes[1].Ttft) > P99(fcfs.Classes[1].Ttft));

        // Every discipline completes the same requests: only the order changes.
        foreach (var r in new[] { fcfs, priority, edf, fair })
        {
            Assert.Equal(9_750, r.Overall.Completed);
        }
    }
}
