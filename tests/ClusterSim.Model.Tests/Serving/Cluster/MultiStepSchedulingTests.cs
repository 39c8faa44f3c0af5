using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Batching;
using Xunit.Abstractions;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>
/// Multi-step scheduling (continuous batching with scheduler_steps N, vLLM 0.6's --num-scheduler-steps): a replica
/// decoding one long sequence in rounds of N fixed 10 ms steps; rare one-token requests arrive at random. Each waits
/// for the end of the round it lands in, the residual of an N x 10 ms cycle: N x 5 ms on average (a step's residual,
/// 5 ms, at N = 1). Held inside the 99 % interval of independent replications.
/// </summary>
public sealed class MultiStepSchedulingTests(ITestOutputHelper output)
{
    private ConfidenceInterval MeanWait(int schedulerSteps)
    {
        var waits = new List<double>();
        for (var rep = 0; rep < 12; rep++)
        {
            var result = ProbeRun((ulong)(9100 + rep), Config(), () => new ContinuousBatchPolicy(schedulerSteps));
            Assert.Equal(250, result.Classes[1].Completed);
            waits.Add(result.Classes[1].Queue.Mean / SimTime.Second);
        }

        return ConfidenceInterval.Of(waits);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void An_arrival_waits_for_the_end_of_the_scheduling_round(int schedulerSteps)
    {
        var ci = MeanWait(schedulerSteps);
        var theory = schedulerSteps * ProbeStepNs / 1e9 / 2;
        output.WriteLine($"scheduler_steps {schedulerSteps}: mean wait {ci}, theory {theory:G4} s");
        Assert.True(ci.Contains(theory), $"theory {theory} outside {ci}");
    }

    [Fact]
    public void A_round_length_below_one_is_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new ContinuousBatchPolicy(0));
}
