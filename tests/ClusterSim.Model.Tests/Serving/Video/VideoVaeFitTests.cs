using ClusterSim.Model.Serving.Video;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Serving.Video;

/// <summary>
/// A fit, not evidence: the VAE decode efficiency of catalog/efficiency-video.yaml was set from one outside
/// measurement (SGLang, Wan2.2-T2V-A14B with the Wan2.1 VAE on an H100 PCIe, 1280x720, 81 frames: decode 26.1 s).
/// This only guards the fit's arithmetic: if the catalog's VAE FLOP count or the fitted fraction changes, the
/// fitted row no longer comes back and the fit has to be redone. The Wan2.1 rows (Wan21ValidationTests) are the check.
/// </summary>
public sealed class VideoVaeFitTests
{
    [Fact]
    public void Fit_the_VAE_efficiency_gives_back_the_SGLang_decode_time_it_was_fitted_on()
    {
        var wan = (VideoModelSpec)Catalog.Default.Models.Single(m => m.Key == "wan2.1-t2v-14b");
        var h100 = VideoEfficiencyCatalog.Default.Entries.Single(e => e.Accelerator == "h100-sxm" && e.Stack == "flash-attn2");
        Assert.Equal((1280, 720, 81), (wan.DefaultResolution.Width, wan.DefaultResolution.Height, wan.DefaultFrames));

        // 81 frames at the default size; the H100 PCIe's dense TF32 peak is 378 TFLOP/s (NVIDIA H100 datasheet).
        var decodeFlops = wan.VaeDecodeGflopsPerFrame * 1e9 * 81;
        var seconds = decodeFlops / (378e12 * h100.VaeEfficiency);
        Assert.Equal(26.1, seconds, 0.2);
    }
}
