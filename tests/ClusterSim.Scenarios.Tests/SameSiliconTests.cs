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

        // The B300 keeps its own BF16 share (MAMF 0.786) and takes the GB300's FP8 and streaming ones as they are, and its
        // FP4 one held to the GB300's FP4 FLOP/s a watt: 15,000 / 1,400 W over 14,000 / 1,100 W.
        var b300 = Catalog.Default.FindAccelerator("b300")!;
        var gb300 = Catalog.Default.FindAccelerator("gb300")!;
        Assert.Equal(0.786, b300.MatmulShare);
        Assert.Equal((gb300.MatmulShareFp8, gb300.BandwidthShare), (b300.MatmulShareFp8, b300.BandwidthShare));
        Assert.Equal(15000.0 / 1400 / (14000.0 / 1100), b300.Fp4PowerHold, 12);
        Assert.Equal(gb300.MatmulShareFp4!.Value * b300.Fp4PowerHold, b300.MatmulShareFp4!.Value, 12);
        Assert.Equal(0.485, b300.MatmulShareFp4!.Value, 3);
        Assert.Equal(["matmul_share_fp8", "matmul_share_fp4", "bandwidth_share"], b300.BorrowedShares);
        Assert.Equal(" (gb300's: the same silicon, held to its FP4 FLOP/s a watt at this part's 1,100 W, x 0.842)", b300.ShareSource("matmul_share_fp4"));

        // The B200 measured its own BF16, FP4 and streaming shares and takes only the GB200's FP8 one, unheld.
        var b200 = Catalog.Default.FindAccelerator("b200")!;
        Assert.Equal(["matmul_share_fp8"], b200.BorrowedShares);
        Assert.Equal(Catalog.Default.FindAccelerator("gb200")!.MatmulShareFp8, b200.MatmulShareFp8);
        Assert.Equal(0.611, b200.MatmulShareFp4);

        // The MI350X, the MI355X's die at a lower clock and limit, takes its one measured share, the BF16 one.
        var mi350x = Catalog.Default.FindAccelerator("mi350x")!;
        Assert.Equal(["matmul_share"], mi350x.BorrowedShares);
        Assert.Equal(Catalog.Default.FindAccelerator("mi355x")!.MatmulShare, mi350x.MatmulShare);
    }

    // gpu-fp4 is gpu-hot's silicon at a lower board limit; fp4 peaks and limits set per case.
    private static Catalog Fp4Pair(double hotPeak, double hotTdp, double peak, double tdp) => Catalog.Parse($$"""
        accelerators:
          gpu-hot:
            name: Hot
            hbm_gb: 80
            hbm_bandwidth_gbs: 8000
            tflops: {bf16: 2500, fp8: 5000, fp4: {{hotPeak}}}
            tdp_w: {{hotTdp}}
            matmul_share_fp8: 0.6
            matmul_share_fp4: 0.8
            confidence: low
            source: test fixture
          gpu-fp4:
            name: Cool
            hbm_gb: 80
            hbm_bandwidth_gbs: 8000
            tflops: {bf16: 2250, fp8: 4500, fp4: {{peak}}}
            tdp_w: {{tdp}}
            same_silicon_as: gpu-hot
            confidence: low
            source: test fixture
        """, Fixtures.ModelsYaml);

    [Theory]
    [InlineData(10000, 1200, 10000, 900, 0.75)]   // the same FP4 peak at three quarters of the limit: three quarters of the share
    [InlineData(10000, 1200, 9000, 1000, 0.925926)] // the vendor's peak carries part of the lower limit: 8.33 over 9 TFLOP/s a watt
    [InlineData(10000, 1200, 6000, 900, 1.0)]     // a lower peak a watt than the sibling's: never raised
    public void A_borrowed_fp4_share_is_held_to_the_siblings_fp4_flops_a_watt_and_only_fp4(double hotPeak, double hotTdp, double peak, double tdp, double hold)
    {
        var part = Fp4Pair(hotPeak, hotTdp, peak, tdp).FindAccelerator("gpu-fp4")!;
        Assert.Equal(hold, part.Fp4PowerHold, 6);
        Assert.Equal(0.8 * hold, part.MatmulShareFp4!.Value, 6);
        Assert.Equal(0.6, part.MatmulShareFp8!.Value, 12);
        Assert.Equal(hold < 1, part.ShareSource("matmul_share_fp4").Contains("held to its FP4 FLOP/s a watt", StringComparison.Ordinal));
    }

    [Fact]
    public void In_view_the_pair_that_motivated_the_hold_reads_closer_held_than_by_the_share_alone()
    {
        // The one pair of the same die where both parts measured their FP4 GEMMs by one method (cuBLASLt): the B200 at
        // 1,000 W reaches 0.611 of its 9,000 TFLOP/s, the GB200 at 1,200 W 0.763 of 10,000. Derived from the GB200, the
        // share alone says 0.763 (+25 %); held to the GB200's FP4 FLOP/s a watt, 0.706 (+16 %). Still high: the B200
        // delivers 5.5 TFLOP/s a watt where the GB200 delivers 6.4. IN VIEW, not independent evidence: this pair (with the
        // GB300's per-watt figure) is why the hold exists and why it applies to FP4 alone. No factor was set from it (the
        // hold's size comes from the parts' peaks and limits), so the test says the rule moves the derivation the right way
        // on its own motivating pair, and guards that it keeps doing so.
        var measured = Catalog.Default.FindAccelerator("b200")!;
        var derived = (measured with { MatmulShareFp4 = null, BorrowedShares = [] }).WithSiblingShares(Catalog.Default.FindAccelerator("gb200")!);
        Assert.Equal(0.706, derived.MatmulShareFp4!.Value, 3);
        Assert.InRange(derived.MatmulShareFp4!.Value / measured.MatmulShareFp4!.Value - 1, 0.14, 0.17);
        Assert.True(Math.Abs(derived.MatmulShareFp4!.Value - 0.611) < Math.Abs(0.763 - 0.611));
    }
}
