using ClusterSim.Engine.Core;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Avatar;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Serving.Avatar;

/// <summary>
/// The avatar frame pipeline: a GPU stage that runs frames in batches (fixed time + max(FLOPs at the
/// achieved rate, one weight read) per batch) and a CPU stage on the node's host cores. Throughput is
/// the slower stage's, batching raises the GPU's, few cores bind the streams a node carries, and
/// the MuseTalk catalog entry is checked against its published real-time claim.
/// </summary>
public sealed class AvatarPipelineTests(ITestOutputHelper output)
{
    /// <summary>100 TFLOP/s achieved: a 500 GFLOP frame is 5 ms of compute.</summary>
    private static AvatarPoolSetup Pool(int batch, double overheadS, double weightS = 0, int? cores = null, int replicas = 1,
        int perNode = 1, AvatarAdmission admission = AvatarAdmission.Admit)
        => new("face", replicas, 1e14)
        {
            BatchSize = batch, BatchOverheadSeconds = overheadS, WeightReadSeconds = weightS, HostCores = cores,
            ReplicasPerNode = perNode, Admission = admission,
        };

    private static AvatarClassSetup Class(int sessions, double frameFlops = 5e11, double cpuS = 0, double deadline = 10,
        double seconds = 60)
        => new("live", _ => new AvatarListSource(Enumerable.Range(0, sessions).Select(i => (0.5 + i * 0.0013, seconds))), 25, frameFlops, deadline)
        {
            CpuSecondsPerFrame = cpuS,
        };

    /// <summary>
    /// Frames per second the pipeline delivered while overloaded: every frame released, none skipped,
    /// from the first release (0.5 s) to the last delivery. Queues are first come, first served and
    /// only grow, so the last frame released is the last delivered, at its release plus the largest
    /// latency (the run itself ends on a whole progress slice, later).
    /// </summary>
    private static double Delivered(AvatarPoolSetup pool, AvatarClassSetup setup, int sessions, double seconds)
    {
        var result = ClusterRun.Execute(new ServingSetup
        {
            Seed = 1, Classes = [], Pools = [], Kinds = [new AvatarKindSetup([setup], [pool with { SkipLateFrames = false }])],
        });
        var c = result.Avatar[0];
        Assert.Equal(c.FramesReleasedTotal, c.FramesDeliveredTotal);
        var lastRelease = 0.5 + (sessions - 1) * 0.0013 + (seconds * 25 - 1) / 25.0;
        return c.FramesDeliveredTotal / (lastRelease + c.FrameLatency.Max / 1e9 - 0.5);
    }

    /// <summary>
    /// By hand: a batch of 4 frames of 5 ms with 2 ms fixed is 22 ms, so the GPU does 4 / 0.022 =
    /// 181.8 frames/s; the CPU stage at 10 ms a frame does 100 per core. 20 sessions at 25 fps offer
    /// 500 frames/s for 60 s, far over both: with 4 cores (400/s) the GPU binds at 181.8/s, with one
    /// core the CPU binds at 100/s.
    /// </summary>
    [Fact]
    public void Pipeline_throughput_is_the_slower_stage_s_capacity()
    {
        var setup = Class(20, cpuS: 0.010);
        var gpuBound = Delivered(Pool(4, 0.002, cores: 4), setup, 20, 60);
        var cpuBound = Delivered(Pool(4, 0.002, cores: 1), setup, 20, 60);
        output.WriteLine($"GPU-bound {gpuBound:F1} frames/s (hand 181.8), CPU-bound {cpuBound:F1} frames/s (hand 100.0)");

        Assert.Equal(4 / 0.022, AvatarService.FramesPerSecond(setup, Pool(4, 0.002, cores: 4)), 1e-6);
        Assert.Equal(100, AvatarService.FramesPerSecond(setup, Pool(4, 0.002, cores: 1)), 1e-6);
        Assert.Equal(4 / 0.022, gpuBound, 0.01 * 4 / 0.022);
        Assert.Equal(100, cpuBound, 1.0);
    }

    /// <summary>
    /// The batch law T(b) = fixed + max(b x frame compute, weight read): compute-heavy frames (5 ms,
    /// 2 ms fixed, 3 ms weights) go from 1/0.007 = 142.9 frames/s at batch 1 to 4/0.022 = 181.8 at
    /// batch 4; light, weight-bound frames (1 ms) from 1/0.005 = 200 to 4/0.006 = 666.7.
    /// </summary>
    [Fact]
    public void Batching_raises_GPU_throughput_as_the_batch_law_says()
    {
        foreach (var (flops, one, four) in new[] { (5e11, 1 / 0.007, 4 / 0.022), (1e11, 1 / 0.005, 4 / 0.006) })
        {
            // 40 sessions offer 1,000 frames/s: over every case here.
            var setup = Class(40, flops, seconds: 30);
            var b1 = Delivered(Pool(1, 0.002, 0.003), setup, 40, 30);
            var b4 = Delivered(Pool(4, 0.002, 0.003), setup, 40, 30);
            output.WriteLine($"{flops / 1e9:F0} GFLOP frames: batch 1 {b1:F1}/s (hand {one:F1}), batch 4 {b4:F1}/s (hand {four:F1})");
            Assert.Equal(one, b1, 0.01 * one);
            Assert.Equal(four, b4, 0.01 * four);
        }
    }

    /// <summary>
    /// Admission counts the slower stage. Frames of 5 ms (batch 4, 2 ms fixed: 5.5 ms a frame) claim
    /// 25 x 5.5 ms = 13.75 % of the GPU per session: 7 sessions. A CPU stage of 10 ms on one core claims
    /// 25 %: 4 sessions; on 2 cores 12.5 %, and the GPU binds again at 7, as with 64 cores. Two replicas
    /// on one node with 2 cores get one core each: 4 sessions each. Admitted sessions miss no frame.
    /// </summary>
    [Fact]
    public void Few_host_cores_limit_the_streams_a_node_carries_and_a_GPU_bound_node_does_not_depend_on_cores()
    {
        (long Admitted, long Missed) Run(int? cores, int replicas = 1, int perNode = 1)
        {
            var pool = Pool(4, 0.002, cores: cores, replicas: replicas, perNode: perNode, admission: AvatarAdmission.Reject);
            var c = ClusterRun.Execute(new ServingSetup
            {
                Seed = 1, Classes = [], Pools = [], Kinds = [new AvatarKindSetup([Class(12, cpuS: 0.010, deadline: 0.2)], [pool])],
            }).Avatar[0];
            return (c.SessionsAdmitted, c.FramesMissed);
        }

        var one = Run(1);
        var two = Run(2);
        var many = Run(64);
        var shared = Run(2, replicas: 2, perNode: 2);
        output.WriteLine($"admitted: 1 core {one.Admitted}, 2 cores {two.Admitted}, 64 cores {many.Admitted}, 2 replicas on 2 cores {shared.Admitted}");
        Assert.Equal((4L, 0L), one);
        Assert.Equal((7L, 0L), two);
        Assert.Equal((7L, 0L), many);
        Assert.Equal((8L, 0L), shared);
    }

    /// <summary>
    /// A frame with a tight deadline caps the batch it joins: with 40 ms and 10 ms of CPU, 2 T(b) + 10 ms
    /// must stay within 40 ms, so b = 2 (T(2) = 12 ms; T(3) = 17 ms would need 44 ms), while a 1 s
    /// deadline allows the full 4.
    /// </summary>
    [Fact]
    public void A_tight_frame_deadline_caps_the_batch_its_frames_join()
    {
        var pool = Pool(4, 0.002);
        Assert.Equal(2, AvatarService.BatchCap(Class(1, cpuS: 0.010, deadline: 0.040), pool));
        Assert.Equal(4, AvatarService.BatchCap(Class(1, cpuS: 0.010, deadline: 1), pool));
        Assert.Equal(1, AvatarService.BatchCap(Class(1, cpuS: 0.010, deadline: 0.020), pool));
    }

    /// <summary>
    /// Published claim, a check and not a fit: the MuseTalk README says real-time inference reaches
    /// "30fps+" on a Tesla V100 (fp16, 256x256 face, batch 4 in scripts/realtime_inference.py, whose
    /// paste-back runs on one thread). The catalog's figures, on the catalog's V100 with one host core per
    /// GPU, must reach at least 30 frames/s; the figure is reported, not tuned.
    /// </summary>
    [Fact]
    public void MuseTalk_on_a_V100_reaches_the_published_real_time_rate()
    {
        const string yaml = """
            name: musetalk-v100
            workloads:
              face:
                kind: avatar
                model: musetalk-1.5
                arrival: {kind: poisson, rate: 0.1}
                session_length: {kind: constant, value: 60s}
                slo: {frame_deadline: 1s}
            hardware:
              nodes:
                v100-node: {count: 1, accelerator: v100-sxm2-32gb, per_node: 1, host_cores: 1}
            deployments:
              musetalk: {model: musetalk-1.5, nodes: v100-node, replicas: 1}
            run: {duration: 10m, seed: 1}
            """;
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Parse(yaml, "musetalk-v100.yaml", null, null));
        var pool = Assert.Single(compiled.Setup.AvatarPools);
        var setup = Assert.Single(compiled.Setup.AvatarClasses);
        var fps = AvatarService.FramesPerSecond(setup, pool);
        var gpuFps = pool.BatchSize / pool.BatchSeconds(pool.BatchSize * setup.FrameFlops);
        var cpuFps = 1 / setup.CpuSecondsPerFrame;
        output.WriteLine($"MuseTalk on V100, batch {pool.BatchSize}: GPU stage {gpuFps:F1} frames/s, one core's CPU stage {cpuFps:F1} frames/s, "
                         + $"pipeline {fps:F1} frames/s against the README's 30 fps+ ({fps / 30:F2}x)");
        foreach (var note in compiled.Notes.Where(n => n.Contains("musetalk")))
        {
            output.WriteLine(note);
        }

        Assert.Equal(4, pool.BatchSize);
        Assert.True(fps >= 30, $"the model gives {fps:F1} frames/s where MuseTalk reports 30+ on a V100");
    }
}
