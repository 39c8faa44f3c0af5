using ClusterSim.Model.Serving.Image;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Serving.Image;

/// <summary>
/// The SDXL cost model against a published measurement it was not fitted to. Nothing in the image kind is
/// fitted: the UNet's work per step is derived from its config (models.yaml notes) and the efficiency is the
/// deployment's generic h100-sxm/splitwise-fp16 entry, fitted on Llama-2-70B/BLOOM LLM iterations.
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

    /// <summary>
    /// The measured error: the roofline predicts 26.0 ms per guided step where TensorRT measured 44.3 ms, so it is
    /// 41 % fast. The LLM-fitted compute efficiency (0.52 of dense peak) is higher than an SDXL UNet reaches
    /// (about 0.30 by this measurement: convolutions, GroupNorm and 4,096-token attention with 64-wide heads).
    /// The band pins that known miss (|error| within 50 %) so a change in either direction is seen; it is not a
    /// claim of accuracy, and no factor was set from these figures.
    /// </summary>
    private const double Band = 0.50;

    [Fact]
    public void Sdxl_step_time_on_h100_against_the_published_tensorrt_timing()
    {
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", "multimodal-studio.yaml"));
        var compiled = ScenarioCompiler.Compile(scenario);
        var pool = Assert.Single(((ImageKindSetup)Assert.Single(compiled.Setup.Kinds, k => k.Kind == "image")).Pools, p => p.Name == "sdxl");
        var cfg = new ImageShape(1024, 1024, 40, Passes: 2);

        var unet40 = 40 * pool.Cost.Step(cfg).Seconds;
        var unetError = unet40 / PublishedUnet40StepsSeconds - 1;
        var pipeline30 = pool.Cost.RequestSeconds(cfg with { Steps = 30 });
        var pipelineError = pipeline30 / PublishedPipeline30StepsSeconds - 1;
        output.WriteLine($"UNet 40 steps: predicted {unet40 * 1e3:F0} ms, published {PublishedUnet40StepsSeconds * 1e3:F0} ms, error {unetError:P1}");
        output.WriteLine($"pipeline 30 steps: predicted {pipeline30 * 1e3:F0} ms, published {PublishedPipeline30StepsSeconds * 1e3:F0} ms, error {pipelineError:P1}");

        Assert.InRange(unetError, -Band, Band);
        Assert.InRange(pipelineError, -Band, Band);
    }
}
