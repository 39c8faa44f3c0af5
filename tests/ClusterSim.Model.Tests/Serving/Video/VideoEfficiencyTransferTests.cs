using ClusterSim.Model.Serving.Video;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Serving.Video;

/// <summary>A video kernel entry carried to an accelerator without its own moves its tensor-core fractions by the measured matmul shares.</summary>
public sealed class VideoEfficiencyTransferTests
{
    [Fact]
    public void Gemm_and_attention_fractions_move_by_the_ratio_of_measured_matmul_shares_and_the_derivation_says_so()
    {
        var catalog = Catalog.Default;
        var h100 = VideoEfficiencyCatalog.Default.Entries.Single(e => e.Accelerator == "h100-sxm" && e.Stack == "flash-attn2");
        var mi300x = VideoEfficiencyCatalog.Default.Resolve("mi300x", "flash-attn2", catalog.FindAccelerator);

        // The catalog's shares: MI300X 0.511, H100 0.803 (best BF16 matmul over peak).
        var ratio = 0.511 / 0.803;
        Assert.Equal(h100.GemmEfficiency * ratio, mi300x.GemmEfficiency, 12);
        Assert.Equal(h100.AttentionEfficiency * ratio, mi300x.AttentionEfficiency, 12);
        Assert.Equal(h100.MemoryEfficiency, mi300x.MemoryEfficiency);
        Assert.Contains("x 0.636", mi300x.Derivation);
        Assert.Contains("another vendor", mi300x.Derivation);

        // H200's share equals H100's: nothing moves, and the derivation still says why.
        var h200 = VideoEfficiencyCatalog.Default.Resolve("h200-sxm", "flash-attn2", catalog.FindAccelerator);
        Assert.Equal(h100.GemmEfficiency, h200.GemmEfficiency, 12);
        Assert.Contains("x 1.000", h200.Derivation);
    }
}
