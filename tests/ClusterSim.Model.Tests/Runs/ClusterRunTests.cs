using ClusterSim.Engine.Core;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Workloads.Sizes;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Runs;

/// <summary>The run facade: observers hear each event once, change nothing, and cost nothing when absent.</summary>
public sealed class ClusterRunTests
{
    private static readonly LinearIterationTimer Timer = new(3_000_000, 30_000, 40_000, 2);

    // 400 chat requests and 10 prompts too big for the KV cache (dropped): both kinds of leaving.
    private static ServingSetup Setup(long maxTimeNs = long.MaxValue) => new()
    {
        Seed = 5,
        Classes =
        [
            PoissonClass("chat", 20, new LogNormalSize(600, 1.0, max: 6000), new LogNormalSize(150, 1.0, max: 1500), 400),
            PoissonClass("huge", 0.5, new ConstantSize(40_000), new ConstantSize(10), 10),
        ],
        Pools = [Pool(2, Config(kvBlocks: 2_000, maxSequences: 32), Timer)],
        MaxTimeNs = maxTimeNs,
    };

    private sealed class Recorder(RunEvents events) : IRunObserver
    {
        public RunEvents Events => events;

        public List<long> Completed { get; } = [];

        public List<long> Dropped { get; } = [];

        public long Iterations { get; private set; }

        public List<long> Progress { get; } = [];

        public List<ServingResult> Finished { get; } = [];

        public void OnRequestCompleted(TextRequest request, string className) => Completed.Add(request.Id);

        public void OnRequestDropped(TextRequest request, string className) => Dropped.Add(request.Id);

        public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape) => Iterations++;

        public void OnProgress(long nowNs) => Progress.Add(nowNs);

        public void OnRunFinished(ServingResult result) => Finished.Add(result);
    }

    [Fact]
    public void Every_observer_hears_each_completion_and_drop_exactly_once_and_the_counts_equal_the_result_s()
    {
        var first = new Recorder(RunEvents.Requests | RunEvents.Iterations | RunEvents.Progress);
        var second = new Recorder(RunEvents.Requests);
        var result = ClusterRun.Execute(Setup(), observers: [first, second]);

        foreach (var r in new[] { first, second })
        {
            Assert.Equal(r.Completed.Count, r.Completed.Distinct().Count());
            Assert.Equal(r.Dropped.Count, r.Dropped.Distinct().Count());
            Assert.Empty(r.Completed.Intersect(r.Dropped));
            Assert.Equal(result.Overall.Completed, r.Completed.Count);
            Assert.Equal(result.Overall.Dropped, r.Dropped.Count);
            Assert.Same(result, Assert.Single(r.Finished));
        }

        Assert.Equal(410, result.Overall.Arrived);
        Assert.Equal(10, result.Overall.Dropped);
        Assert.Equal(first.Completed, second.Completed); // same order too
        Assert.Equal(result.Replicas.Sum(r => r.Iterations), first.Iterations);
        Assert.Equal(0, second.Iterations); // it did not ask
        Assert.NotEmpty(first.Progress);
        Assert.Empty(second.Progress);
        Assert.Equal(first.Progress.Order(), first.Progress);
    }

    [Fact]
    public void Observers_change_nothing_that_is_simulated()
    {
        var plain = ClusterRun.Execute(Setup());
        var observed = ClusterRun.Execute(Setup(), new RunOptions { Progress = _ => { } },
            new Recorder(RunEvents.Requests | RunEvents.Iterations | RunEvents.Progress));
        Assert.Equal(plain.Events, observed.Events);
        Assert.Equal(plain.SimulatedNs, observed.SimulatedNs);
        Assert.Equal(plain.Overall.E2e.ToSummary(), observed.Overall.E2e.ToSummary());
        Assert.Equal(plain.Overall.Tbt.ToSummary(), observed.Overall.Tbt.ToSummary());
        Assert.Equal(plain.Replicas.Select(r => r.Utilization), observed.Replicas.Select(r => r.Utilization));
    }

    [Fact]
    public void Without_observers_the_cluster_gets_no_log_and_no_tracer()
    {
        var run = ClusterRun.Prepare(Setup());
        Assert.Null(run.Cluster.Log);
        Assert.All(run.Cluster.Replicas, r => Assert.Null(r.Tracer));

        // An observer of requests only adds nothing to the iteration path.
        var requestsOnly = ClusterRun.Prepare(Setup(), observers: new Recorder(RunEvents.Requests));
        Assert.NotNull(requestsOnly.Cluster.Log);
        Assert.All(requestsOnly.Cluster.Replicas, r => Assert.Null(r.Tracer));
    }

    [Fact]
    public void A_cancelled_run_stops_with_OperationCanceledException_and_reports_no_result()
    {
        using var cancel = new CancellationTokenSource();
        var observer = new Recorder(RunEvents.Requests);
        var options = new RunOptions
        {
            Cancellation = cancel.Token,
            Progress = now =>
            {
                if (now >= SimTime.FromSeconds(3))
                {
                    cancel.Cancel();
                }
            },
        };
        var run = ClusterRun.Prepare(Setup(), options, observer);
        Assert.Throws<OperationCanceledException>(() => run.Run());
        Assert.InRange(run.Simulation.Now, SimTime.FromSeconds(3), SimTime.FromSeconds(5));
        Assert.Empty(observer.Finished);
    }

    [Fact]
    public void The_same_observer_twice_is_refused_rather_than_counting_everything_twice()
    {
        var observer = new Recorder(RunEvents.Requests);
        Assert.Throws<ArgumentException>(() => ClusterRun.Prepare(Setup(), observers: [observer, observer]));
    }

    [Fact]
    public void A_prepared_run_runs_once()
    {
        var run = ClusterRun.Prepare(Setup(SimTime.FromSeconds(1)));
        run.Run();
        Assert.Throws<InvalidOperationException>(() => run.Run());
    }
}
