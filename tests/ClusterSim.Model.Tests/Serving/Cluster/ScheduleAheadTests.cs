using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Batching;
using ClusterSim.Model.Serving.Cluster;
using Xunit.Abstractions;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>
/// An overlap scheduler (ReplicaConfig.ScheduleAhead: SGLang from 0.4, TensorRT-LLM's PyTorch backend) forms each batch
/// while the step before it runs, so a request that lands in a step joins the batch after the next. A replica decodes one
/// long sequence in fixed 10 ms steps; rare one-token requests arrive at random and wait the residual of the step they
/// land in (5 ms on average) and, scheduled ahead, one whole step more: 15 ms. Held inside the 99 % interval of
/// independent replications; an idle replica takes a request at once either way.
/// </summary>
public sealed class ScheduleAheadTests(ITestOutputHelper output)
{
    private static ServingResult RunOnce(bool ahead, bool background, ulong seed)
        => ProbeRun(seed, Config() with { ScheduleAhead = ahead }, () => new ContinuousBatchPolicy(1), background);

    [Theory]
    [InlineData(false, 0.005)]
    [InlineData(true, 0.015)]
    public void An_arrival_during_a_step_joins_the_batch_after_the_next_when_scheduled_ahead(bool ahead, double theory)
    {
        var waits = new List<double>();
        for (var rep = 0; rep < 12; rep++)
        {
            var result = RunOnce(ahead, background: true, (ulong)(9300 + rep));
            Assert.Equal(250, result.Classes[1].Completed);
            waits.Add(result.Classes[1].Queue.Mean / SimTime.Second);
        }

        var ci = ConfidenceInterval.Of(waits);
        output.WriteLine($"schedule ahead {ahead}: mean wait {ci}, theory {theory:G4} s");
        Assert.True(ci.Contains(theory), $"theory {theory} outside {ci}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_queue_length_series_holds_what_waits_for_the_batch_after_the_next(bool ahead)
    {
        // Little's law, exactly: the time integral of the replica's queue length is the sum of every request's wait to be
        // scheduled. A series that dropped what waits for the batch after the next would miss a step of each probe's wait.
        var result = RunOnce(ahead, background: true, 9500);
        var probe = result.Classes[1];
        Assert.Equal(250, probe.Completed);
        Assert.Equal(0, result.Classes[0].Queue.Mean);
        var waited = probe.Queue.Mean * probe.Completed;
        var integral = Assert.Single(result.Replicas).MeanQueueLength * result.SimulatedNs;
        Assert.Equal(1, integral / waited, 6);
    }

    [Fact]
    public void A_replica_with_nothing_else_to_run_takes_a_request_at_the_next_boundary_either_way()
    {
        // Alone, a probe starts at once; one that lands in another's only step waits for its end, not a step more, since
        // the batch formed ahead was empty: request for request, the same waits as without scheduling ahead.
        var ahead = Assert.Single(RunOnce(ahead: true, background: false, 9400).Classes);
        var between = Assert.Single(RunOnce(ahead: false, background: false, 9400).Classes);
        Assert.Equal(250, ahead.Completed);
        Assert.Equal(between.Queue.Mean, ahead.Queue.Mean);
        Assert.Equal(between.Ttft.Mean, ahead.Ttft.Mean);
        Assert.InRange(ahead.Queue.Mean, 0, 0.01 * ProbeStepNs);
    }
}
