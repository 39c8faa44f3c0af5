using ClusterSim.Model.Serving.Image;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Serving.Image;

/// <summary>
/// catalog/efficiency-image.yaml and its lookup: the shipped entry reads as written, a malformed edit is refused where it is
/// written, and a part without an entry borrows the nearest one by the stated rule (the two parts' measured matmul shares),
/// which the run's notes carry.
/// </summary>
public sealed class ImageEfficiencyTests
{
    private static AcceleratorSpec? Spec(string key) => Catalog.Default.FindAccelerator(key);

    [Fact]
    public void The_shipped_entry_is_the_h100_tensorrt_fit_at_fp16()
    {
        var entry = Assert.Single(ImageEfficiencyCatalog.Default.Entries);
        Assert.Equal(("h100-sxm", "tensorrt", "fp16", 0.3043, 0.3043), (entry.Accelerator, entry.Stack, entry.Precision, entry.UnetEfficiency, entry.VaeEfficiency));

        // The fit by hand: a guided step's 2 x 6,670 GFLOP in 1,772.29 ms / 40 at the H100's 989.4 dense FP16 TFLOP/s.
        Assert.Equal(2 * 6670e9 / (1.77229 / 40 * 989.4e12), entry.UnetEfficiency, 4);
    }

    [Fact]
    public void A_part_without_an_entry_takes_the_nearest_one_moved_by_the_measured_matmul_shares_and_says_so()
    {
        var b200 = ImageEfficiencyCatalog.Default.Resolve("b200", "tensorrt", Spec);
        var ratio = Spec("b200")!.MatmulShare!.Value / Spec("h100-sxm")!.MatmulShare!.Value;
        Assert.Equal(0.3043 * ratio, b200.UnetEfficiency, 9);
        Assert.Equal(0.3043 * ratio, b200.VaeEfficiency, 9);
        Assert.Contains("no b200/tensorrt image entry: h100-sxm/tensorrt's fractions", b200.Derivation);

        // Across vendors the borrowed share is said to be an assumption.
        Assert.Contains("another vendor's accelerator", ImageEfficiencyCatalog.Default.Resolve("mi325x", "tensorrt", Spec).Derivation);
        Assert.Empty(ImageEfficiencyCatalog.Default.Resolve("h100-sxm", "tensorrt", Spec).Derivation);
    }

    [Fact]
    public void A_stack_no_entry_has_is_refused_with_the_stacks_there_are()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageEfficiencyCatalog.Default.Resolve("h100-sxm", "diffusers", Spec));
        Assert.Contains("no image efficiency entry of stack 'diffusers'", e.Message);
        Assert.Contains("are tensorrt", e.Message);
    }

    [Theory]
    [InlineData("    unet_efficiency: 1.3\n    vae_efficiency: 0.3\n", "i.yaml:3:5: entry 'h100-sxm/tensorrt': 'unet_efficiency' is a fraction of peak, at most 1 (found 1.3)")]
    [InlineData("    vae_efficiency: 0.3\n", "i.yaml:3:5: entry 'h100-sxm/tensorrt' has no 'unet_efficiency'")]
    [InlineData("    unet_efficiency: 0.3\n    vae_efficiency: 0.3\n    gemm_efficiency: 0.8\n", "i.yaml:8:5: unknown field 'gemm_efficiency'")]
    public void A_malformed_entry_is_refused_where_it_is_written(string fields, string expected)
    {
        var yaml = "efficiency:\n  h100-sxm/tensorrt:\n    accelerator: h100-sxm\n    stack: tensorrt\n    precision: fp16\n" + fields;
        var e = Assert.Throws<FormatException>(() => ImageEfficiencyYaml.Parse(new StringReader(yaml), "i.yaml"));
        Assert.StartsWith(expected, e.Message);
    }
}
