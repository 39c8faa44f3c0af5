using ClusterSim.Model.Serving.Video;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Serving.Video;

/// <summary>A video kernel entry carried to an accelerator without its own moves its tensor-core fractions by the measured matmul shares, its memory fraction by the measured bandwidth shares.</summary>
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
        Assert.Contains("x 0.636", mi300x.Derivation);

        // Memory by the STREAM copy shares: MI300X 4.11 of 5.3 TB/s, H100 2.90 of 3.35 (the catalog rounds to 0.775, 0.866).
        Assert.Equal(Math.Min(1, h100.MemoryEfficiency * 0.775 / 0.866), mi300x.MemoryEfficiency, 12);
        Assert.Contains("memory fraction x 0.895", mi300x.Derivation);
        Assert.Contains("another vendor", mi300x.Derivation);

        // H200's matmul share equals H100's: the tensor-core fractions stay, and the derivation still says why; its
        // STREAM copy reaches a little less of its larger bandwidth (4.01 of 4.8 TB/s).
        var h200 = VideoEfficiencyCatalog.Default.Resolve("h200-sxm", "flash-attn2", catalog.FindAccelerator);
        Assert.Equal(h100.GemmEfficiency, h200.GemmEfficiency, 12);
        Assert.Contains("x 1.000", h200.Derivation);
        Assert.Equal(Math.Min(1, h100.MemoryEfficiency * 0.835 / 0.866), h200.MemoryEfficiency, 12);
    }
}
