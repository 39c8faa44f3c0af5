using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Scheduling;
using ClusterSim.Model.Serving.Video;
using ClusterSim.Model.Workloads.Arrivals;
using ClusterSim.Model.Workloads.Sizes;
using ClusterSim.Model.Runs;
using Xunit.Abstractions;
using static ClusterSim.Model.Tests.Serving.Video.VideoTestKit;

namespace ClusterSim.Model.Tests.Serving.Video;

/// <summary>
/// Video replicas in a cluster: phase arithmetic of a lone request, batching of same-shaped steps,
/// preemption between steps, fair sharing of steps, and conservation of requests and of
/// accelerator time.
/// </summary>
public sealed class VideoServingTests(ITestOutputHelper output)
{
    private const long S = SimTime.Second;

    /// <summary>Requests at given times, all 1280x720, 81 frames, 16 fps.</summary>
    private sealed class ListSource(params (double At, int Steps)[] requests) : IVideoSource
    {
        private int _next;

        public bool TryNext(out VideoRequestSpec request)
        {
            if (_next >= requests.Length)
            {
                request = default;
                return false;
            }

            var (at, steps) = requests[_next++];
            request = new VideoRequestSpec(SimTime.FromSeconds(at), 1280, 720, 81, steps, 16);
            return true;
        }
    }

    private static (ServingCluster Cluster, List<(string Class, VideoRequest Request)> Done) Run(
        VideoPoolSetup pool, params VideoClassSetup[] classes)
    {
        var run = ClusterRun.Prepare(new ServingSetup { Seed = 5, Classes = [], Pools = [], Kinds = [new VideoKindSetup(classes, [pool])] });
        var cluster = run.Cluster;
        var done = new List<(string, VideoRequest)>();
        cluster.Video!.Completed = (r, c) => done.Add((c, r));
        run.Run();
        return (cluster, done);
    }

    private static VideoClassSetup Class(string name, int priority, params (double At, int Steps)[] requests)
        => new(name, _ => new ListSource(requests), Priority: priority);

    [Fact]
    public void A_lone_request_takes_encoding_plus_its_steps_plus_VAE_decoding()
    {
        var cost = Cost(8);
        var pool = new VideoPoolSetup("wan", 1, cost) { RentUsdPerAcceleratorHour = 3.6 };
        var (cluster, done) = Run(pool, Class("v", 0, (0, 50)));

        var r = Assert.Single(done).Request;
        var shape = Wan14B.Shape(1280, 720, 81);
        var expected = cost.EncodeSeconds + 50 * cost.Step(shape).Seconds + cost.DecodeSeconds(shape);
        // Each of the 50 iterations rounds up to a whole nanosecond.
        Assert.InRange(SimTime.ToSeconds(r.CompletedNs - r.ArrivalNs) - expected, 0, 50e-9);
        // Eight accelerators until the last step, one (the decode stage) for the VAE decode.
        var decode = cost.DecodeSeconds(shape);
        Assert.Equal(8 * (SimTime.ToSeconds(r.CompletedNs) - decode) + decode, r.AcceleratorSeconds, 1e-6);

        var metrics = cluster.Video!.Classes[0];
        Assert.Equal(r.AcceleratorSeconds * 3.6 / 3600 / (81 / 16.0), metrics.CostUsdPerVideoSecond, 1e-9);
        output.WriteLine($"time to video {SimTime.ToSeconds(r.CompletedNs):F1} s; {metrics.AcceleratorSecondsPerVideoSecond:F0} accelerator-s per video-s");
    }

    /// <summary>
    /// Four 20-step requests arrive at once: the first starts alone (it is there first), the other
    /// three join it from its second step, so 21 iterations run instead of 80 one at a time, and
    /// the three that joined together finish together.
    /// </summary>
    [Fact]
    public void Steps_of_same_shaped_requests_run_as_one_batch()
    {
        var cost = Cost(8);
        var four = Class("v", 0, (0, 20), (0, 20), (0, 20), (0, 20));
        var (batched, done) = Run(new VideoPoolSetup("wan", 1, cost) { MaxBatch = 4 }, four);
        var (serial, _) = Run(new VideoPoolSetup("wan", 1, cost) { MaxBatch = 1 }, four);

        Assert.Equal(21, batched.Video!.Replicas[0].Iterations);
        Assert.Equal(4, batched.Video!.Replicas[0].BatchSize.Max);
        Assert.Equal(80, serial.Video!.Replicas[0].Iterations);

        // The three that joined together end their steps together, then queue for the replica's decode stage one by one.
        var shape = Wan14B.Shape(1280, 720, 81);
        var ends = done.Skip(1).Select(d => SimTime.ToSeconds(d.Request.CompletedNs)).Order().ToList();
        Assert.Equal(cost.DecodeSeconds(shape), ends[1] - ends[0], 1e-6);
        Assert.Equal(cost.DecodeSeconds(shape), ends[2] - ends[1], 1e-6);

        // Compute-bound: a batch of four takes four times the compute of one, plus its all-to-alls.
        Assert.Equal(4 * cost.Step(shape).ComputeSeconds, cost.Step(shape, 4).ComputeSeconds, 1e-9);
    }

    /// <summary>
    /// Request-level batching (static: max_batch 4, timeout 10 s), as an MLPerf harness batches whole pipelines: three
    /// 2-step requests at 0, 1 and 2 s are fewer than four, so the batch forms when the oldest has waited 10 s and all
    /// three start then; a fourth arriving at 11 s, while that batch runs, does not join it (continuously batched it would
    /// join at the next step) and starts once the batch is done and its own 10 s are up. The same arrivals continuously
    /// batched start at once and the fourth joins between steps.
    /// </summary>
    [Fact]
    public void A_request_level_batch_waits_to_fill_then_runs_through_with_none_joining()
    {
        var cost = Cost(8);
        var shape = Wan14B.Shape(1280, 720, 81);
        var arrivals = Class("v", 0, (0, 2), (1, 2), (2, 2), (11, 2));
        var (_, done) = Run(new VideoPoolSetup("wan", 1, cost) { MaxBatch = 4, RequestLevel = true, MaxWaitNs = 10 * S, PreemptBetweenSteps = false }, arrivals);
        var started = done.Select(d => d.Request).OrderBy(r => r.ArrivalNs).Select(r => r.ScheduledNs).ToList();
        Assert.Equal([10 * S, 10 * S, 10 * S], started.Take(3));

        // The batch of three runs two steps from 10 s; the fourth starts after it and after its own wait.
        var batchSteps = 2 * cost.Step(shape, 3).Seconds;
        var earliest = Math.Max(SimTime.FromSeconds(10 + batchSteps), 21 * S);
        Assert.InRange(started[3], earliest, earliest + SimTime.FromSeconds(3 * cost.EncodeSeconds) + 2);

        var (_, continuous) = Run(new VideoPoolSetup("wan", 1, cost) { MaxBatch = 4, PreemptBetweenSteps = false }, arrivals);
        var joined = continuous.Select(d => d.Request).OrderBy(r => r.ArrivalNs).ToList();
        Assert.Equal(0, joined[0].ScheduledNs);
        Assert.True(joined[1].ScheduledNs < 10 * S, "continuously batched, a request joins the running batch between steps");
    }

    [Fact]
    public void Requests_of_different_shapes_do_not_share_a_batch()
    {
        var cost = Cost(8);
        var sizes = new Queue<VideoRequestSpec>([new(0, 1280, 720, 81, 10, 16), new(0, 832, 480, 81, 10, 16)]);
        var source = new DelegateSource(sizes);
        var run = ClusterRun.Prepare(new ServingSetup
        {
            Seed = 1,
            Classes = [], Pools = [],
            Kinds = [new VideoKindSetup([new VideoClassSetup("v", _ => source)], [new VideoPoolSetup("wan", 1, cost) { MaxBatch = 4 }])],
        });
        var cluster = run.Cluster;
        run.Run();
        Assert.Equal(20, cluster.Video!.Replicas[0].Iterations);
        Assert.Equal(2, cluster.Video!.Classes[0].Completed);
    }

    private sealed class DelegateSource(Queue<VideoRequestSpec> specs) : IVideoSource
    {
        public bool TryNext(out VideoRequestSpec request) => specs.TryDequeue(out request);
    }

    /// <summary>
    /// A 10-step low-priority video starts at 0; a 10-step high-priority one arrives 2.5 steps later.
    /// With strict priority and preemption between steps the high one takes the replica when the low
    /// one's third step ends, and the low one finishes after both: its time is the sum of the two.
    /// First come, first served makes the high one wait for the whole low video.
    /// </summary>
    [Fact]
    public void Strict_priority_takes_the_replica_between_denoising_steps()
    {
        var cost = Cost(1);
        var shape = Wan14B.Shape(1280, 720, 81);
        var step = cost.Step(shape).Seconds;
        var lone = cost.RequestSeconds(shape, 10);
        var arrival = cost.EncodeSeconds + 2.5 * step;
        VideoClassSetup[] classes = [Class("low", 0, (0, 10)), Class("high", 1, (arrival, 10))];

        var (_, priority) = Run(new VideoPoolSetup("wan", 1, cost) { Scheduling = SchedulingPolicy.Priority }, classes);
        var high = priority.Single(d => d.Class == "high").Request;
        var low = priority.Single(d => d.Class == "low").Request;
        var thirdStepEnds = cost.EncodeSeconds + 3 * step;
        // The DiT is free again when the other's last step ends: its decode runs on the decode stage.
        var decode = cost.DecodeSeconds(shape);
        Assert.Equal(thirdStepEnds + lone, SimTime.ToSeconds(high.CompletedNs), 1e-6);
        Assert.Equal(2 * lone - decode, SimTime.ToSeconds(low.CompletedNs), 1e-6);
        Assert.Equal(1, low.Preemptions);

        var (_, fcfs) = Run(new VideoPoolSetup("wan", 1, cost), classes);
        Assert.Equal(2 * lone - decode, SimTime.ToSeconds(fcfs.Single(d => d.Class == "high").Request.CompletedNs), 1e-6);
        Assert.Equal(lone, SimTime.ToSeconds(fcfs.Single(d => d.Class == "low").Request.CompletedNs), 1e-6);

        var (_, noPreemption) = Run(new VideoPoolSetup("wan", 1, cost) { Scheduling = SchedulingPolicy.Priority, PreemptBetweenSteps = false }, classes);
        Assert.Equal(lone, SimTime.ToSeconds(noPreemption.Single(d => d.Class == "low").Request.CompletedNs), 1e-6);
    }

    /// <summary>
    /// Two classes backlogged from the start with weights 3 and 1, 10-step videos, one at a time:
    /// fair sharing hands out steps 3 : 1, so by the time the light class finishes its first video
    /// (10 steps) the heavy one has had about 30 steps, three videos. FCFS gives all 20 heavy
    /// videos first (the light ones arrive a millisecond later).
    /// </summary>
    [Fact]
    public void Fair_sharing_hands_out_denoising_steps_in_proportion_to_the_weights()
    {
        var cost = Cost(8);
        var heavy = Enumerable.Repeat((0.0, 10), 20).ToArray();
        var light = Enumerable.Repeat((0.001, 10), 20).ToArray();
        VideoClassSetup[] classes = [Class("heavy", 0, heavy) with { Weight = 3 }, Class("light", 0, light) with { Weight = 1 }];

        int HeavyDoneBeforeFirstLight(SchedulingPolicy policy)
        {
            var (_, done) = Run(new VideoPoolSetup("wan", 1, cost) { Scheduling = policy }, classes);
            var firstLight = done.First(d => d.Class == "light").Request.CompletedNs;
            return done.Count(d => d.Class == "heavy" && d.Request.CompletedNs <= firstLight);
        }

        var fair = HeavyDoneBeforeFirstLight(SchedulingPolicy.Fair);
        var fcfs = HeavyDoneBeforeFirstLight(SchedulingPolicy.Fcfs);
        output.WriteLine($"heavy videos done when the first light one is: fair {fair}, fcfs {fcfs}");
        Assert.InRange(fair, 2, 3);
        Assert.Equal(20, fcfs);
    }

    [Fact]
    public void Every_request_is_completed_or_rejected_and_accelerator_time_is_conserved()
    {
        var cost = Cost(8);
        var run = ClusterRun.Prepare(new ServingSetup
        {
            Seed = 9,
            Classes = [], Pools = [],
            Kinds =
            [
                new VideoKindSetup(
                [
                new VideoClassSetup("a", s => new SyntheticVideoSource(new PoissonArrivals(1 / 60.0), new ConstantSize(81), 1280, 720, 30, 16,
                    s.Random["arrivals/a"], s.Random["sizes/a"], maxCount: 200), 600, 95, Priority: 1),
                new VideoClassSetup("b", s => new SyntheticVideoSource(new PoissonArrivals(1 / 90.0), new UniformSize(33, 121), 832, 480, 20, 16,
                    s.Random["arrivals/b"], s.Random["sizes/b"], maxCount: 150), 1200, 95),
                ],
                [new VideoPoolSetup("wan", 2, cost) { MaxBatch = 2, MaxQueue = 3, Scheduling = SchedulingPolicy.Edf }]),
            ],
        });
        var cluster = run.Cluster;
        var result = run.Run();

        var held = cluster.Video!.Replicas.Sum(r => SimTime.ToSeconds(r.BusyNs) * r.Accelerators + r.StageBusySeconds);
        Assert.Equal(held, result.Video.Sum(c => c.AcceleratorSeconds), 1e-6 * held);
        Assert.Equal(350, result.Video.Sum(c => c.Arrived));
        foreach (var c in result.Video)
        {
            Assert.Equal(0, c.InFlight);
            Assert.Equal(c.Arrived, c.Completed + c.Rejected);
            Assert.Equal(c.Completed, c.TimeToVideo.Count);
        }

        Assert.True(result.Video.Sum(c => c.Rejected) > 0, "a queue of 3 per replica should turn some requests away at this load");
        Assert.Contains(result.Replicas, r => r.Role == "video" && r.MaxBatchSize == 2);
    }

    /// <summary>
    /// A 10-step and a 20-step video arrive together: the short one starts alone (it is there first: encoding + one
    /// step), the long one joins from its second step (its encoding overlaps that step on the decode stage), they
    /// share 9 steps at batch 2, then the short one leaves for its VAE decode on the replica's decode stage while the
    /// long one runs its other 11 steps alone: its time is encoding + 1 step + 9 batched steps + 11 steps + its own
    /// decode, exactly as if the short one had no decode at all.
    /// </summary>
    [Fact]
    public void A_batch_members_decode_does_not_delay_the_others()
    {
        var cost = Cost(8);
        var (_, done) = Run(new VideoPoolSetup("wan", 1, cost) { MaxBatch = 2 }, Class("v", 0, (0, 10), (0, 20)));
        var shape = Wan14B.Shape(1280, 720, 81);
        var longOne = done.Single(d => d.Request.Steps == 20).Request;
        var shortOne = done.Single(d => d.Request.Steps == 10).Request;
        var encode = cost.EncodeSeconds;
        var one = cost.Step(shape).Seconds;
        var shortSteps = encode + one + 9 * cost.Step(shape, 2).Seconds;
        Assert.Equal(shortSteps + cost.DecodeSeconds(shape), SimTime.ToSeconds(shortOne.CompletedNs), 1e-6);
        Assert.Equal(shortSteps + 11 * one + cost.DecodeSeconds(shape), SimTime.ToSeconds(longOne.CompletedNs), 1e-6);
    }
}
