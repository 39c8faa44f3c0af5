using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Serving.Video;

/// <summary>
/// Checks, not fits: the Wan2.1 README's computational-efficiency rows for T2V-14B (1280x720, 81 frames, 50 steps,
/// seconds per video with Ulysses sequence parallelism) against the model with the kernel efficiencies of
/// catalog/efficiency-video.yaml, none of which was set from these rows. Criterion (issue 15): each within 15 %. The
/// published times and the criterion are the files' measured rows, which `clustersim accuracy` runs as well.
/// Simulated when written: H100 1,828.0 / 933.6 / 479.4 / 250.8 s (-0.5 / -1.2 / -3.5 / -12.9 %); A100 3,260.4 /
/// 1,680.0 / 876.4 / 471.5 s (-2.5 / -2.4 / -1.1 / +0.3 %). H100 x 8 is the worst: the model has no cost for the FSDP
/// all-gathers and the ranks waiting on rank 0's decode beyond the decode itself.
/// </summary>
public sealed class Wan21ValidationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("h100", 1)]
    [InlineData("h100", 2)]
    [InlineData("h100", 4)]
    [InlineData("h100", 8)]
    [InlineData("a100", 1)]
    [InlineData("a100", 2)]
    [InlineData("a100", 4)]
    [InlineData("a100", 8)]
    public void A_Wan21_14B_720p_video_takes_within_15_percent_of_the_published_time(string gpu, int gpus)
    {
        var tp = $"deployments.wan.tp={gpus}";
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", "validation", $"wan21-t2v-14b-{gpu}.yaml"), sets: [tp, "run.duration=2h"]);

        // The published seconds per video live once, in the file's measured rows (clustersim accuracy reads the same).
        var row = Assert.Single(scenario.Measured!.Rows, r => r.Sets.SequenceEqual([tp]));
        Assert.Equal(MeasuredRole.Check, row.Role);
        var published = Assert.Single(row.Figures, f => f.Name == "time_to_video_mean");
        Assert.Equal(0.15, published.Within);
        var measured = published.Value;
        var compiled = ScenarioCompiler.Compile(scenario);
        var pool = Assert.Single(compiled.Setup.VideoPools);
        Assert.Equal(gpus, pool.Cost.Accelerators);
        Assert.Empty(pool.Cost.Kernels.Derivation);

        // A video alone on the replica (the serving tests check that a lone request takes exactly this in a run).
        var shape = pool.Cost.Model.Shape(1280, 720, 81);
        var simulated = pool.Cost.RequestSeconds(shape, 50);
        var error = simulated / measured - 1;
        var step = pool.Cost.Step(shape);
        output.WriteLine($"{gpu} x {gpus}: simulated {simulated:F1} s, measured {measured:F1} s, error {error:+0.0%;-0.0%}; "
                         + $"per step GEMM {step.GemmSeconds:F2} s, attention {step.AttentionSeconds:F2} s, element-wise {step.MemorySeconds:F2} s, "
                         + $"all-to-all {step.AllToAllSeconds:F3} s; decode {pool.Cost.DecodeSeconds(shape):F1} s");
        Assert.InRange(error, -0.15, 0.15);
    }
}
