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
    /// derives for it (the A100 splitwise-fp16 fit, the nearest NVIDIA peak: 0.628619) = 227.59 TFLOP/s,
    /// so 3.515 ms a frame and 11 whole 25 fps sessions per replica (12 would need 105.5 % of it).
    /// </summary>
    [Fact]
    public void The_avatar_streaming_example_runs_with_MuseTalk_capacity_from_the_catalog()
    {
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", "avatar-streaming.yaml"), sets: ["run.duration=20m"]);
        var compiled = ScenarioCompiler.Compile(scenario);
        var pool = Assert.Single(compiled.Setup.AvatarPools);
        var setup = Assert.Single(compiled.Setup.AvatarClasses);
        Assert.Equal(362.05e12 * 0.628619, pool.FlopsPerSecond, 1e-3 * pool.FlopsPerSecond);
        Assert.Equal(AvatarAdmission.Reject, pool.Admission);
        Assert.Equal(11, AvatarService.Capacity(setup, pool));

        var result = ClusterRun.Execute(compiled);
        var c = Assert.Single(result.Avatar);
        Assert.Equal(c.SessionsArrived, c.SessionsAdmitted + c.SessionsRejected);
        Assert.Equal(c.SessionsAdmitted, c.SessionsCompleted);
        Assert.True(c.MaxConcurrentSessions <= 8 * 11);
        Assert.Equal(0, c.FramesMissed);
    }
}
