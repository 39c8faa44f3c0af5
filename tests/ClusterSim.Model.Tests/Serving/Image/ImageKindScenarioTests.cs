using ClusterSim.Engine.Core;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Image;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Serving.Image;

/// <summary>scenarios/multimodal-studio.yaml: image classes run beside text, video and avatars, and reach the result, power and cost.</summary>
public sealed class ImageKindScenarioTests(ITestOutputHelper output)
{
    private static Scenario Studio(params string[] sets)
        => ScenarioLoader.Load(RepoPaths.File("scenarios", "multimodal-studio.yaml"), sets: ["run.duration=10m", "run.warmup=1m", .. sets]);

    [Fact]
    public void Image_classes_complete_no_faster_than_their_steps_by_hand_and_are_charged_rent()
    {
        var scenario = Studio();
        var result = ClusterRun.Execute(ScenarioCompiler.Compile(scenario));
        var image = Assert.Single(result.Kinds, k => k.Kind == "image");
        var sdxl = Assert.Single(image.Metrics.OfType<ImageClassMetrics>(), c => c.Name == "sdxl-images");
        output.WriteLine($"sdxl: {sdxl.Completed} done, min {sdxl.Latency.Min / 1e9:F3} s, p50 {sdxl.Latency.ToSummary().P50:F3} s, {sdxl.CostUsdPerImage:F5} $/image");

        Assert.True(sdxl.Completed > 0);
        Assert.Equal(sdxl.Arrived, sdxl.Completed + sdxl.Rejected + sdxl.InFlight);

        // By hand from the catalog: 30 steps x 2 guidance passes x 6,670 GFLOP at the H100's fp16 peak x the UNet's
        // share of it (0.3043, efficiency-image.yaml h100-sxm/tensorrt). No request can finish sooner.
        var peak = scenario.Accelerator("h100-sxm").Tflops[Precision.Fp16] * 1e12;
        var stepSeconds = 2 * 6670e9 / (peak * 0.3043);
        Assert.True(sdxl.Latency.Min >= SimTime.FromSeconds(30 * stepSeconds) - 1,
            $"fastest {sdxl.Latency.Min} ns < 30 x {stepSeconds * 1e3:F2} ms");

        // Rent: every image used at least its 30 steps of one H100 at 4.76 USD/h.
        Assert.True(sdxl.CostUsdPerImage >= 30 * stepSeconds * 4.76 / 3600 * (1 - 1e-9));
        var flux = Assert.Single(image.Metrics.OfType<ImageClassMetrics>(), c => c.Name == "flux-images");
        Assert.True(flux.Completed > 0);
    }

    /// <summary>
    /// A diffusion transformer's work a step by hand from FLUX.1-dev's config: each of the 4,096 image and 512 text tokens
    /// passes through 6.45 B weights (the single-stream blocks' and one stream of the double-stream blocks'; adaLN
    /// modulation runs once a sample), 2 FLOPs each, and each of the 57 blocks' attention takes 4 x d x N^2. Before
    /// 2026-12-07 every one of the 12 B parameters counted per token: 125.5 TFLOP instead of 74.3.
    /// </summary>
    [Fact]
    public void A_flux_step_counts_each_tokens_own_weights_and_its_attention()
    {
        var compiled = ScenarioCompiler.Compile(Studio());
        var flux = Assert.Single(((ImageKindSetup)Assert.Single(compiled.Setup.Kinds, k => k.Kind == "image")).Pools, p => p.Name == "flux");
        const double n = 4096 + 512;
        Assert.Equal(2 * 6.45e9 * n + 4.0 * 57 * 3072 * n * n, flux.Cost.PassFlops(new ImageShape(1024, 1024, 28, Passes: 1)), 1e6);
    }

    [Fact]
    public void More_image_traffic_draws_more_energy_through_the_shared_power_seam()
    {
        (double ItKwh, double SdxlBusyAcceleratorSeconds, double AcceleratorKwh) Run(double rate)
        {
            var result = ClusterRun.Execute(ScenarioCompiler.Compile(Studio($"workloads.sdxl-images.arrival.rate={rate}")));
            var busy = result.Replicas.Where(r => r.Pool == "sdxl").Sum(r => r.Utilization * r.Accelerators * result.SimulatedNs / 1e9);
            return (result.Facility!.Energy.ItKwh, busy, result.Facility.Energy.AcceleratorKwh);
        }

        var light = Run(0.5);
        var heavy = Run(6);
        output.WriteLine($"IT energy: {light.ItKwh:F3} kWh at 0.5 images/s, {heavy.ItKwh:F3} kWh at 6 images/s; SDXL busy {light.SdxlBusyAcceleratorSeconds:F0} vs {heavy.SdxlBusyAcceleratorSeconds:F0} accelerator-s");
        Assert.True(heavy.ItKwh > light.ItKwh * 1.05, $"{heavy} vs {light}");

        // By hand, from the catalog's H100 figures (Splitwise: idle 75 W, memory-bound 380 W, compute-bound 700 W):
        // each extra busy accelerator-second of SDXL draws at least the memory-bound power instead of idle.
        var extraBusy = heavy.SdxlBusyAcceleratorSeconds - light.SdxlBusyAcceleratorSeconds;
        Assert.True(heavy.AcceleratorKwh - light.AcceleratorKwh >= extraBusy * (380 - 75) / 3.6e6,
            $"accelerators drew {heavy.AcceleratorKwh - light.AcceleratorKwh:F3} kWh more for {extraBusy:F0} more busy accelerator-seconds");
    }

}
