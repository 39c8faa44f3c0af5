using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Model.Runs;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Serving.Video;

/// <summary>scenarios/video-farm.yaml compiles to video pools and runs.</summary>
public sealed class VideoScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public void The_video_farm_example_runs_and_every_clip_is_accounted_for()
    {
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", "video-farm.yaml"), sets: ["run.duration=2h"]);
        var compiled = ScenarioCompiler.Compile(scenario);
        var pool = Assert.Single(compiled.Setup.VideoPools);
        Assert.Equal((4, 8, 1), (pool.Replicas, pool.Cost.SequenceParallel, pool.MaxBatch));
        Assert.Equal(20, pool.MaxQueue);
        Assert.Equal(6.35, pool.RentUsdPerAcceleratorHour);

        var result = ClusterRun.Execute(compiled);
        var c = Assert.Single(result.Video);
        output.WriteLine($"{c.Completed} clips, p95 {c.TimeToVideo.ToSummary().P95:F0} s, {c.CostUsdPerVideoSecond:F3} $/video-s");
        Assert.Equal(c.Arrived, c.Completed + c.Rejected + c.InFlight);
        Assert.True(c.Completed > 50);

        // A clip alone takes encode + 50 steps + decode on 8 H200 (H100 factors): none can be faster.
        var shape = pool.Cost.Model.Shape(1280, 720, 81);
        Assert.True(c.TimeToVideo.Min >= SimTime.FromSeconds(pool.Cost.RequestSeconds(shape, 50)) - 50);

        // Cost per second of video is rent x accelerator-seconds / video-seconds: at least the lone clip's.
        var lone = 8 * pool.Cost.RequestSeconds(shape, 50) * 6.35 / 3600 / (81 / 16.0);
        Assert.True(c.CostUsdPerVideoSecond >= lone * (1 - 1e-9));
    }

    [Theory]
    [InlineData("own", true)]
    [InlineData("rent", false)]
    public void An_owned_run_says_its_video_classes_are_priced_at_rent(string mode, bool said)
    {
        // Video classes are priced at catalog rent x accelerator-seconds whatever the basis: on an owned run that
        // is not the run's basis, and the notes must say so (no silent mix of bases).
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", "video-farm.yaml"), sets: [$"facility.costs.mode={mode}", "run.duration=1m"]);
        var notes = ScenarioCompiler.Compile(scenario).Notes;
        Assert.Equal(said, notes.Any(n => n.Contains("priced at the catalog rent", StringComparison.Ordinal) && n.Contains("not on the run's owned basis", StringComparison.Ordinal)));
    }
}
