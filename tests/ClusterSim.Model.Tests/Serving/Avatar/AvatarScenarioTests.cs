using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Avatar;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Model.Runs;

namespace ClusterSim.Model.Tests.Serving.Avatar;

/// <summary>scenarios/avatar-streaming.yaml compiles to avatar pools and runs.</summary>
public sealed class AvatarScenarioTests
{
    /// <summary>
    /// MuseTalk: 800 GFLOP a frame; L40S 362.05 TFLOP/s fp16 x the compute efficiency the catalog
    /// derives for it (the A100 splitwise-fp16 fit, the nearest NVIDIA peak: 0.637592) = 230.84 TFLOP/s,
    /// so 3.466 ms of compute a frame; the fp16 weights (0.97 B x 2 bytes) read at 864 GB/s x 1 take
    /// 2.245 ms; 5 ms fixed per batch. A 40 ms deadline with the 11 ms CPU stage allows batches of 2
    /// (2 x (5 + 6.93) + 11 = 34.9 ms; 3 would need 2 x 15.40 + 11 = 41.8 ms), so a frame claims
    /// 11.93 / 2 = 5.966 ms of GPU and 25 fps sessions take 14.91 % each: 6 a replica (7 would need
    /// 104 %). The CPU stage (11 ms on 64 / 8 = 8 cores a replica: 1.375 ms a frame) does not bind.
    /// </summary>
    [Fact]
    public void The_avatar_streaming_example_runs_with_MuseTalk_capacity_from_the_catalog()
    {
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", "avatar-streaming.yaml"), sets: ["run.duration=20m"]);
        var compiled = ScenarioCompiler.Compile(scenario);
        var pool = Assert.Single(compiled.Setup.AvatarPools);
        var setup = Assert.Single(compiled.Setup.AvatarClasses);
        Assert.Equal(362.05e12 * 0.637592, pool.FlopsPerSecond, 1e-3 * pool.FlopsPerSecond);
        Assert.Equal(AvatarAdmission.Reject, pool.Admission);
        Assert.Equal(2.245e-3, pool.WeightReadSeconds, 1e-6);
        Assert.Equal(0.011, setup.CpuSecondsPerFrame, 1e-12);
        Assert.Equal(2, AvatarService.BatchCap(setup, pool));
        Assert.Equal(6, AvatarService.Capacity(setup, pool));

        var result = ClusterRun.Execute(compiled);
        var c = Assert.Single(result.Avatar);
        Assert.Equal(c.SessionsArrived, c.SessionsAdmitted + c.SessionsRejected);
        Assert.Equal(c.SessionsAdmitted, c.SessionsCompleted);
        Assert.True(c.MaxConcurrentSessions <= 8 * 6);
        Assert.Equal(0, c.FramesMissed);
    }
}
