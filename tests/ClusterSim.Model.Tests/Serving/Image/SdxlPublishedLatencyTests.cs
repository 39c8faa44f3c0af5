using ClusterSim.Model.Serving.Image;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Serving.Image;

/// <summary>
/// The SDXL cost model against Stability AI / NVIDIA's published TensorRT timings on H100. The UNet's share of peak in
/// catalog/efficiency-image.yaml (h100-sxm/tensorrt) was set from the 40-step UNet timing, so that figure is a fit, in
/// sample, and no evidence; the same README's later 30-step pipeline timing was not used and is a check (of the VAE's
/// share, assumed equal to the UNet's), as are the MLPerf SDXL rows (scenarios/validation/mlperf*-sdxl.yaml).
/// </summary>
public sealed class SdxlPublishedLatencyTests(ITestOutputHelper output)
{
    // Stability AI / NVIDIA, stabilityai/stable-diffusion-xl-1.0-tensorrt README, revision 6bae04c ("Timings at
    // 1024x1024"): H100, TensorRT, UNet 40 steps 1,772.29 ms (CLIP 4.70 ms, pipeline 1,779.01 ms, 0.56 image/s).
    // https://huggingface.co/stabilityai/stable-diffusion-xl-1.0-tensorrt/blob/6bae04ca53ecd34a73d41aba23b01719b1f4a94e/README.md
    private const double PublishedUnet40StepsSeconds = 1.77229;

    // The same README, current revision: "Timings for 30 steps at 1024x1024", H100, NVIDIA TensorRT 1,471 ms (whole pipeline).
    // https://huggingface.co/stabilityai/stable-diffusion-xl-1.0-tensorrt
    private const double PublishedPipeline30StepsSeconds = 1.471;

    private static ImagePoolSetup SdxlOnH100()
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", "multimodal-studio.yaml")));
        return Assert.Single(((ImageKindSetup)Assert.Single(compiled.Setup.Kinds, k => k.Kind == "image")).Pools, p => p.Name == "sdxl");
    }

    /// <summary>
    /// Fit: the UNet's share (0.3043 of the FP16 dense peak) was set so that 40 guided steps take what was measured; the
    /// assertion holds the catalog to its own derivation (a rounding of the share), not the model to the world.
    /// </summary>
    [Fact]
    public void Fit_sdxl_unet_share_reproduces_the_40_step_tensorrt_timing_it_was_set_from()
    {
        var pool = SdxlOnH100();
        var unet40 = 40 * pool.Cost.Step(new ImageShape(1024, 1024, 40, Passes: 2)).Seconds;
        output.WriteLine($"UNet 40 steps: predicted {unet40 * 1e3:F1} ms, published {PublishedUnet40StepsSeconds * 1e3:F1} ms (fit)");
        Assert.Equal(PublishedUnet40StepsSeconds, unet40, 0.002);
    }

    /// <summary>
    /// Check: the whole 30-step pipeline (text encoders, 30 guided steps, the VAE decode), a timing the fit never used.
    /// Measured -7.3 % (1,364 ms against 1,471): the decode, priced at the UNet's share (34 ms), or the later revision's
    /// engine, is shorter than measured; within 10 %. Before 2026-12-07 the step ran at the LLM stack's efficiency and the
    /// pipeline read -46 %.
    /// </summary>
    [Fact]
    public void Sdxl_30_step_pipeline_on_h100_against_the_published_tensorrt_timing()
    {
        var pool = SdxlOnH100();
        var pipeline30 = pool.Cost.RequestSeconds(new ImageShape(1024, 1024, 30, Passes: 2));
        var error = pipeline30 / PublishedPipeline30StepsSeconds - 1;
        output.WriteLine($"pipeline 30 steps: predicted {pipeline30 * 1e3:F0} ms, published {PublishedPipeline30StepsSeconds * 1e3:F0} ms, error {error:P1}");
        Assert.InRange(error, -0.10, 0.10);
    }
}
