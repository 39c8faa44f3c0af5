using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Analysis.Planning;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Analysis.Tests.Planning;

/// <summary>
/// A video or image class's compute bound (its pools' dense peak over a request's denoising FLOPs): by hand, above what a
/// saturated pool of the simulator serves, and the planner's guard against a target far above it.
/// </summary>
public sealed class KindComputeBoundTests(ITestOutputHelper output)
{
    private static readonly string Lesson8 = Path.Combine(SmallRun.RepoRoot, "scenarios", "lessons", "08-queueing.yaml");
    private static readonly string VideoFarm = Path.Combine(SmallRun.RepoRoot, "scenarios", "video-farm.yaml");
    private static readonly string Avatars = Path.Combine(SmallRun.RepoRoot, "scenarios", "avatar-streaming.yaml");

    [Fact]
    public void An_image_class_is_bounded_by_its_pools_peak_over_its_denoising_flops()
    {
        // By hand: SDXL's UNet pass at 1024x1024 is 6,670 GFLOP (catalog), twice a step with guidance, 30 steps: 400.2 TFLOP
        // a request; 4 H100 SXM at 989.4 TFLOP/s (fp16) compute 3.9576e15 FLOP/s, so at most 9.889 requests/s.
        var scenario = ScenarioLoader.Load(Lesson8, ["hardware.nodes.gpu.count=4", "deployments.sdxl.replicas=4"]);
        var bound = AnalyticCapacity.KindBound(scenario, "images");
        Assert.NotNull(bound);
        Assert.Equal(4 * 989.4e12 / (30 * 2 * 6670e9), bound.Value.RequestsPerSecond, 1e-9);
        Assert.Contains("400.2 TFLOP a request (30 denoising steps of 1 image(s) at 1024x1024, two passes each with guidance", bound.Value.How);

        // Two images a request at 512x512: a quarter of the pixels, twice the images.
        var smaller = ScenarioLoader.Load(Lesson8, ["hardware.nodes.gpu.count=4", "deployments.sdxl.replicas=4",
            "workloads.images.resolution=[512, 512]", "workloads.images.images=2"]);
        Assert.Equal(2 * bound.Value.RequestsPerSecond, AnalyticCapacity.KindBound(smaller, "images")!.Value.RequestsPerSecond, 1e-9);
        Assert.Null(AnalyticCapacity.KindBound(scenario, "no-such-class"));
    }

    [Theory]
    [InlineData("image")]
    [InlineData("video")]
    public void A_saturated_pool_serves_no_more_than_its_bound(string kind)
    {
        // Far more arrivals than the pools can take, in batches as large as the memory holds: the served rate climbs toward
        // the compute roof times the kernels' share of peak and must stay under the roof itself.
        var (path, cls, sets) = kind == "image"
            ? (Lesson8, "images", new[] { "workloads.images.arrival.rate=20", "deployments.sdxl.policies.batching={name: static, max_batch: 16, timeout: 0s}",
                "deployments.sdxl.policies.admission={name: queue_limit, max_queue: 64}", "run.duration=20m", "run.warmup=0s" })
            : (VideoFarm, "text-to-video", new[] { "workloads.text-to-video.arrival.rate=0.2", "run.duration=2h", "run.warmup=0s" });
        var scenario = ScenarioLoader.Load(path, sets);
        var bound = AnalyticCapacity.KindBound(scenario, cls)!.Value.RequestsPerSecond;

        var result = ClusterRun.Execute(ScenarioCompiler.Compile(scenario));
        var served = result.Kinds.SelectMany(k => k.Classes).Single(c => c.Name == cls).Completed / (result.SimulatedNs / 1e9);
        output.WriteLine($"{kind}: served {served:G4} requests/s, bound {bound:G4} ({served / bound:P1})");
        Assert.InRange(served, 0.1 * bound, bound);
    }

    [Fact]
    public void A_pool_whose_steps_are_scaled_is_bounded_at_its_scaled_steps()
    {
        // execution_model.step_scale 0.25 (a what-if: every step a quarter as long) runs SDXL at 1.2 times the H100's peak
        // (the image share 0.304 / 0.25): a saturated pool then serves more than the unscaled roof, and no more than the
        // scaled one, four times as high.
        string[] saturated = ["workloads.images.arrival.rate=20", "deployments.sdxl.policies.admission={name: queue_limit, max_queue: 64}",
            "run.duration=20m", "run.warmup=0s"];
        var plain = AnalyticCapacity.KindBound(ScenarioLoader.Load(Lesson8, saturated), "images")!.Value.RequestsPerSecond;
        var fast = ScenarioLoader.Load(Lesson8, [.. saturated, "execution_model.step_scale=0.25"]);
        var bound = AnalyticCapacity.KindBound(fast, "images")!.Value;
        Assert.Equal(4 * plain, bound.RequestsPerSecond, 1e-9 * plain);
        Assert.Contains("every step x 0.25", bound.How);

        var result = ClusterRun.Execute(ScenarioCompiler.Compile(fast));
        var served = result.Kinds.SelectMany(k => k.Classes).Single(c => c.Name == "images").Completed / (result.SimulatedNs / 1e9);
        output.WriteLine($"step_scale 0.25: served {served:G4} requests/s, unscaled roof {plain:G4}, scaled roof {bound.RequestsPerSecond:G4}");
        Assert.InRange(served, plain, bound.RequestsPerSecond);
    }

    [Fact]
    public void A_video_class_is_bounded_at_its_pools_accelerators()
    {
        // Four 8-GPU replicas of Wan2.1-14B: the bound is four times one replica's, and each replica counts its 8 H200s.
        var four = AnalyticCapacity.KindBound(ScenarioLoader.Load(VideoFarm), "text-to-video")!.Value;
        var one = AnalyticCapacity.KindBound(ScenarioLoader.Load(VideoFarm, ["deployments.wan-14b.replicas=1"]), "text-to-video")!.Value;
        Assert.Equal(4 * one.RequestsPerSecond, four.RequestsPerSecond, 1e-9 * four.RequestsPerSecond);
        Assert.Contains("4 replica(s) of 8 accelerator(s) at", four.How);
        Assert.Contains("50 denoising steps of a 1280x720 video of 81 frames", four.How);
        Assert.Matches(@"at 989\.4 TFLOP/s peak, \d+\.\d PFLOP a request", four.How);   // a video's work in PFLOP, not 6.6E+05 TFLOP
    }

    [Fact]
    public void The_planner_rules_out_an_image_target_far_above_the_bound_without_a_run_and_simulates_one_below()
    {
        // 64 H100s bound SDXL at 64 x 2.4723 = 158.2 images/s: 1,000 a second is more than twice that.
        var far = CapacityPlanner.Plan(Request(1000, "nodes=1..64"));
        var ruledOut = Assert.Single(Assert.Single(far.Options).Explored);
        Assert.Equal(0, ruledOut.Runs);
        Assert.Equal(0, far.SimulationRuns);
        Assert.StartsWith("not simulated: the target 1000 requests/s is more than 2x the compute-bound capacity of 158.2 requests/s (pool 'sdxl': 64 replica(s)", ruledOut.Note);

        // 300 a second is under twice the bound: the planner simulates (and no node count up to 64 meets it).
        var near = CapacityPlanner.Plan(Request(300, "nodes=64"));
        Assert.True(near.SimulationRuns > 0);
        Assert.Null(Assert.Single(near.Options).Chosen);
    }

    [Fact]
    public void An_avatar_class_claims_no_bound()
    {
        // Its sessions hold a replica for their length at a frame rate: no per-request work to put under a roof.
        var scenario = ScenarioLoader.Load(Avatars);
        Assert.Null(AnalyticCapacity.KindBound(scenario, scenario.Workloads[0].Name));
    }

    private static PlanRequest Request(double rate, string nodes) => new PlanRequest
    {
        ScenarioPath = Lesson8,
        Sets = ["run.duration=2m", "run.warmup=0s"],
        TargetRate = rate,
        Slos = [SloConstraint.Parse("latency_p99=10s")],
        Replications = 1,
        Parallelism = 1,
    }.WithVary([nodes]);
}
