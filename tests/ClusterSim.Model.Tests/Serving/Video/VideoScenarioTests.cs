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

        // Cost per second of video is rent x accelerator-seconds / video-seconds: at least the lone clip's (eight
        // accelerators for encoding and steps, one for the VAE decode on the replica's decode stage).
        var decode = pool.Cost.DecodeSeconds(shape);
        var lone = (8 * (pool.Cost.RequestSeconds(shape, 50) - decode) + decode) * 6.35 / 3600 / (81 / 16.0);
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

    /// <summary>
    /// No silent fallback: the video farm runs on H200, which has no entry in efficiency-video.yaml, so it takes the
    /// H100's fractions (same vendor, same bf16 peak) with a VAE peak scaled by the bf16 ratio, and the notes say so;
    /// the H100 has its own entry and no derivation.
    /// </summary>
    [Fact]
    public void An_accelerator_without_a_video_entry_says_which_entry_it_borrows()
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", "video-farm.yaml"), sets: ["run.duration=1m"]));
        var pool = Assert.Single(compiled.Setup.VideoPools);
        Assert.Contains("no h200-sxm/flash-attn2 video entry: h100-sxm/flash-attn2's fractions", pool.Cost.Kernels.Derivation, StringComparison.Ordinal);
        Assert.Equal(494.7, pool.Cost.Kernels.VaePeakTflops, 1e-9);
        Assert.Contains(compiled.Notes, n => n.Contains("video kernels: no h200-sxm/flash-attn2 video entry", StringComparison.Ordinal));

        var h100 = ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", "validation", "wan21-t2v-14b-h100.yaml")));
        Assert.Contains(h100.Notes, n => n.Contains("video kernels from h100-sxm/flash-attn2 (efficiency-video.yaml)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_video_efficiency_entry_with_a_fraction_above_one_is_refused_with_its_location()
    {
        const string yaml = """
            efficiency:
              x/flash-attn2:
                accelerator: x
                stack: flash-attn2
                gemm_efficiency: 1.2
                attention_efficiency: 0.3
                memory_efficiency: 0.9
                vae_peak_tflops: 100
                vae_efficiency: 0.1
            """;
        var e = Assert.Throws<FormatException>(() => VideoEfficiencyYaml.Parse(new StringReader(yaml), "v.yaml"));
        Assert.StartsWith("v.yaml:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("gemm_efficiency", e.Message, StringComparison.Ordinal);
    }
}
