namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// An accelerator that is another's silicon at other clocks or power (<c>same_silicon_as</c>) takes that part's measured
/// shares where it has none of its own, keeps the ones it has, and says whose each is.
/// </summary>
public sealed class SameSiliconTests
{
    // gpu-24 shares gpu-80's silicon; gpu-80 has three measured shares, gpu-24 one of its own.
    private static readonly string Siblings = Fixtures.AcceleratorsYaml
        .Replace("    price_usd: 25000\n", "    price_usd: 25000\n    matmul_share: 0.8\n    bandwidth_share: 0.85\n    matmul_share_fp8: 0.7\n")
        .Replace("    tdp_w: 300\n", "    tdp_w: 300\n    bandwidth_share: 0.9\n    same_silicon_as: gpu-80\n");

    [Fact]
    public void A_part_takes_the_shares_it_lacks_from_its_silicon_and_keeps_its_own()
    {
        var catalog = Catalog.Parse(Siblings, Fixtures.ModelsYaml);
        var card = catalog.FindAccelerator("gpu-24")!;
        Assert.Equal((0.8, 0.7, 0.9), (card.MatmulShare!.Value, card.MatmulShareFp8!.Value, card.BandwidthShare!.Value));
        Assert.Null(card.MatmulShareFp4);
        Assert.Equal(["matmul_share", "matmul_share_fp8"], card.BorrowedShares);
        Assert.Equal(" (gpu-80's: the same silicon)", card.ShareSource("matmul_share"));
        Assert.Equal("", card.ShareSource("bandwidth_share"));
        Assert.Empty(catalog.FindAccelerator("gpu-80")!.BorrowedShares);
    }

    [Fact]
    public void Shares_pass_one_step_only()
    {
        // gpu-80 borrows nothing (its silicon, gpu-24, has no share gpu-80 lacks but the one gpu-24 measured itself).
        var chained = Siblings.Replace("    price_usd: 25000\n    matmul_share: 0.8\n", "    price_usd: 25000\n    same_silicon_as: gpu-24\n");
        var catalog = Catalog.Parse(chained, Fixtures.ModelsYaml);
        Assert.Null(catalog.FindAccelerator("gpu-24")!.MatmulShare);
        Assert.Equal(["matmul_share_fp8"], catalog.FindAccelerator("gpu-24")!.BorrowedShares);
        Assert.Empty(catalog.FindAccelerator("gpu-80")!.BorrowedShares);
    }

    [Fact]
    public void An_unknown_or_own_silicon_is_a_located_error_with_a_suggestion()
    {
        var unknown = Assert.Throws<ScenarioException>(() => Catalog.Parse(Siblings.Replace("same_silicon_as: gpu-80", "same_silicon_as: gpu-8"), Fixtures.ModelsYaml, "acc.yaml", "mod.yaml"));
        Assert.Equal("acc.yaml:23:22: accelerators.gpu-24.same_silicon_as: expected a catalog accelerator, got 'gpu-8'; did you mean 'gpu-80'?", Assert.Single(unknown.Errors).ToString());
        var self = Assert.Throws<ScenarioException>(() => Catalog.Parse(Siblings.Replace("same_silicon_as: gpu-80", "same_silicon_as: gpu-24"), Fixtures.ModelsYaml, "acc.yaml", "mod.yaml"));
        Assert.Contains("cannot share silicon with itself", Assert.Single(self.Errors).ToString());
    }

    [Fact]
    public void A_scenario_override_of_such_a_part_keeps_its_borrowed_shares()
    {
        var catalog = Catalog.Parse(Siblings, Fixtures.ModelsYaml);
        var yaml = MalformedCases.Base
            .Replace("accelerator: gpu-80", "accelerator: capped")
            .Replace("  nodes:\n", "  accelerators:\n    capped: {from: gpu-24, tdp_w: 250}\n  nodes:\n")
            .Replace("    tp: 2\n    replicas: 4\n", "    tp: 1\n    replicas: 1\n");
        var a = ScenarioLoader.Parse(yaml, "test.yaml", MalformedCases.Folder, null, catalog).Accelerator("capped");
        Assert.Equal((250.0, 0.8, 0.9), (a.TdpW, a.MatmulShare!.Value, a.BandwidthShare!.Value));
        Assert.Equal(["matmul_share", "matmul_share_fp8"], a.BorrowedShares);
    }

    [Theory]
    [InlineData("gpu-8", "expected a catalog accelerator with this part's die and memory, got 'gpu-8'; did you mean 'gpu-80'?")]
    [InlineData("mine", "an accelerator cannot share silicon with itself: name the catalog entry with the same die and memory")]
    public void A_scenario_part_naming_no_catalog_silicon_is_a_located_error(string sibling, string message)
    {
        var yaml = MalformedCases.Base
            .Replace("accelerator: gpu-80", "accelerator: mine")
            .Replace("  nodes:\n", $"  accelerators:\n    mine:\n      from: gpu-80\n      same_silicon_as: {sibling}\n  nodes:\n");
        var error = Assert.Single(Fixtures.Errors(yaml, MalformedCases.Folder));
        Assert.Equal($"13:24: hardware.accelerators.mine.same_silicon_as: {message}", error);
    }

    [Fact]
    public void The_shipped_H200_NVL_and_B300_take_their_siblings_measurements()
    {
        var nvl = Catalog.Default.FindAccelerator("h200-nvl")!;
        var sxm = Catalog.Default.FindAccelerator("h200-sxm")!;
        Assert.Equal("h200-sxm", nvl.SameSiliconAs);
        Assert.Equal((sxm.MatmulShare, sxm.MatmulShareFp8, sxm.BandwidthShare), (nvl.MatmulShare, nvl.MatmulShareFp8, nvl.BandwidthShare));
        Assert.Equal(["matmul_share", "matmul_share_fp8", "bandwidth_share"], nvl.BorrowedShares);

        // The B300 keeps its own BF16 share (MAMF 0.786) and takes the GB300's FP8, FP4 and streaming ones.
        var b300 = Catalog.Default.FindAccelerator("b300")!;
        var gb300 = Catalog.Default.FindAccelerator("gb300")!;
        Assert.Equal(0.786, b300.MatmulShare);
        Assert.Equal((gb300.MatmulShareFp8, gb300.MatmulShareFp4, gb300.BandwidthShare), (b300.MatmulShareFp8, b300.MatmulShareFp4, b300.BandwidthShare));
        Assert.Equal(["matmul_share_fp8", "matmul_share_fp4", "bandwidth_share"], b300.BorrowedShares);
    }
}
