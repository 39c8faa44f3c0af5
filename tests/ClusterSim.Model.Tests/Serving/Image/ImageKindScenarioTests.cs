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

        // By hand from the catalog: 30 steps x 2 guidance passes x 6,670 GFLOP at the H100's fp16 peak x the
        // splitwise-fp16 compute efficiency (0.519341, efficiency.yaml). No request can finish sooner.
        var peak = scenario.Accelerator("h100-sxm").Tflops[Precision.Fp16] * 1e12;
        var stepSeconds = 2 * 6670e9 / (peak * 0.519341);
        Assert.True(sdxl.Latency.Min >= SimTime.FromSeconds(30 * stepSeconds) - 1,
            $"fastest {sdxl.Latency.Min} ns < 30 x {stepSeconds * 1e3:F2} ms");

        // Rent: every image used at least its 30 steps of one H100 at 4.76 USD/h.
        Assert.True(sdxl.CostUsdPerImage >= 30 * stepSeconds * 4.76 / 3600 * (1 - 1e-9));
        var flux = Assert.Single(image.Metrics.OfType<ImageClassMetrics>(), c => c.Name == "flux-images");
        Assert.True(flux.Completed > 0);
    }

    [Fact]
    public void More_image_traffic_draws_more_energy_through_the_shared_power_seam()
    {
        double ItKwh(double rate)
        {
            var result = ClusterRun.Execute(ScenarioCompiler.Compile(Studio($"workloads.sdxl-images.arrival.rate={rate}")));
            return result.Facility!.Energy.ItKwh;
        }

        var light = ItKwh(0.5);
        var heavy = ItKwh(6);
        output.WriteLine($"IT energy: {light:F3} kWh at 0.5 images/s, {heavy:F3} kWh at 6 images/s");
        Assert.True(heavy > light * 1.05, $"{heavy} vs {light}");
    }
}
