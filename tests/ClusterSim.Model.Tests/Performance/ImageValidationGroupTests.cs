using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// An image pool reads the shipped validation record's checks of its own denoiser: a UNet's steps run at the image kernels'
/// share of peak and a diffusion transformer's at its text stack's, so SDXL's MLPerf rows say nothing of FLUX, and the one
/// FLUX timing nothing of SDXL.
/// </summary>
public sealed class ImageValidationGroupTests
{
    private static readonly string Lesson8 = RepoPaths.File("scenarios", "lessons", "08-queueing.yaml");

    [Theory]
    [InlineData("sdxl-base-1.0", "image (unet)")]
    [InlineData("flux.1-dev", "image (dit)")]
    public void An_image_model_is_grouped_by_its_denoiser(string model, string architecture)
        => Assert.Equal(architecture, ValidationRecord.Architecture(Catalog.Default.FindModel(model)!));

    [Fact]
    public void A_flux_pool_on_h100_reads_the_flux_check_and_an_sdxl_pool_the_mlperf_rows()
    {
        // The record's H100 image rows: MLPerf v4.1's SDXL file (offline, capacity, p50, p99) and xDiT's FLUX time (-7.4 %).
        var flux = Note("flux.1-dev", "h100-sxm");
        Assert.Contains("checked against published measurements of h100-sxm, image kernels, image (dit) (1 configuration;", flux);
        Assert.Contains("latency -7.4 % (1 figure)", flux);
        Assert.DoesNotContain("throughput", flux);

        var sdxl = Note("sdxl-base-1.0", "h100-sxm");
        Assert.Contains("checked against published measurements of h100-sxm, image kernels, image (unet) (1 configuration;", sdxl);
        Assert.Contains("throughput +6.2 % (1 figure)", sdxl);
    }

    [Fact]
    public void A_flux_pool_on_a_part_without_a_flux_check_reads_the_nearest_flux_check_not_that_parts_sdxl_rows()
    {
        var note = Note("flux.1-dev", "h200-sxm");
        Assert.Contains("no published measurement of h200-sxm, image kernels, image (dit) was checked", note);
        Assert.Contains("the nearest: image kernels, image (dit), on any part (h100-sxm) (1 configuration): latency -7.4 % (1 figure)", note);
    }

    /// <summary>The validation note of lesson 8's pool serving <paramref name="model"/> on <paramref name="accelerator"/>.</summary>
    private static string Note(string model, string accelerator)
    {
        var scenario = ScenarioLoader.Load(Lesson8,
            [$"workloads.images.model={model}", $"deployments.sdxl.model={model}", $"hardware.nodes.gpu.accelerator={accelerator}"]);
        return Assert.Single(ScenarioCompiler.Compile(scenario).Setup.Notes, n => n.Contains("published measurement", StringComparison.Ordinal));
    }
}
