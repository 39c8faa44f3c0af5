using System.Globalization;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// CHECKS, not fits: the roofline's price of an FP8 GEMM on Hopper against DeepSeek's published DeepGEMM timings
/// (scenarios/profiles/deepgemm_h800_fp8_gemms.csv: DeepSeek-V3's own shapes, block-scaled FP8 with BF16 output, on an
/// H800, dense at 64, 128 and 4,096 rows and grouped for MoE at 256 to 8,192 rows an expert). Nothing was set from them.
/// The H800 is the H100 SXM's silicon with NVLink and FP64 cut, so its FP8 peak and HBM3 bandwidth are the h100-sxm
/// entry's. The question it answers: do DeepSeek-R1's rows on Hopper read fast (README, Known gaps) because its FP8
/// experts' GEMMs are slower than the model prices them? Not by these kernels at the decode sizes those rows run: there
/// the model prices them slower than they run. At prefill sizes it is within -3 to +17 % (grouped 0 to +9 %).
/// </summary>
public sealed class DeepGemmH800Fp8Tests(ITestOutputHelper output)
{
    private sealed record Row(string Layout, int Groups, int M, double N, double K, double Tflops, double Speedup)
    {
        public double Flops => 2.0 * Groups * M * N * K;

        public double Seconds => Flops / (Tflops * 1e12);

        public string Name => $"{Layout} {Groups} x {M} rows, N {N}, K {K}";
    }

    private static List<Row> Rows()
    {
        var lines = File.ReadAllLines(RepoPaths.File("scenarios", "profiles", "deepgemm_h800_fp8_gemms.csv"));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return lines.Skip(1).Select(l => l.Split(','))
            .Select(f => new Row(f[Col("layout")], int.Parse(f[Col("groups")], CultureInfo.InvariantCulture),
                int.Parse(f[Col("m_per_group")], CultureInfo.InvariantCulture), Num(f[Col("n")]), Num(f[Col("k")]),
                Num(f[Col("tflops")]), Num(f[Col("speedup")])))
            .ToList();
    }

    /// <summary>
    /// The roofline's price of one (grouped) GEMM with the entry TensorRT-LLM's FP8 runs take on an H100: one launch, the
    /// FLOPs at the stack's rate and the rate its inner dimension allows, plus every group's weights streamed once.
    /// </summary>
    private static double Modelled(Row row)
    {
        var h100 = Catalog.Default.Accelerators.Single(a => a.Key == "h100-sxm");
        var e = EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-pytorch-fp8", Catalog.Default.FindAccelerator);
        var rate = h100.PeakFlops(Precision.Fp8)!.Value * e.ComputeEfficiency * GemmShapeEfficiency.RateFactor(row.K, Precision.Fp8);
        var weights = row.Groups * row.N * row.K; // one byte a value
        return e.GemmLaunchSeconds + row.Flops / rate + weights / (h100.HbmBytesPerSecond * e.MemoryEfficiency);
    }

    [Fact]
    public void The_published_table_is_read_whole_and_its_figures_agree_with_their_own_bytes()
    {
        // The table's memory column counts each input read and the BF16 output written once; recomputing it from the
        // TFLOPS column ties the two together, so a mistyped cell fails here (every row within 1 %).
        var lines = File.ReadAllLines(RepoPaths.File("scenarios", "profiles", "deepgemm_h800_fp8_gemms.csv"));
        var gbs = lines.Skip(1).Select(l => double.Parse(l.Split(',')[6], CultureInfo.InvariantCulture)).ToList();
        var rows = Rows();
        Assert.Equal(28, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var bytes = r.Groups * (r.N * r.K + r.M * r.K + 2.0 * r.M * r.N);
            Assert.InRange(bytes / r.Seconds / 1e9 / gbs[i], 0.99, 1.01);
        }
    }

    [Fact]
    public void The_roofline_never_prices_a_weight_streaming_FP8_GEMM_faster_than_DeepGEMM_runs_it()
    {
        // At 64 and 128 rows the kernels stream weights at 1.5 to 2.7 TB/s (45 to 80 % of 3.35), the model at 2.98 TB/s
        // plus its 4.5 us launch and the arithmetic added in series, which these kernels overlap: measured 0.58 to 0.89
        // of the model's price. K of 2,048 (the experts' down projection) is the fastest against it (0.58, 0.59): those
        // kernels run in 6 to 7 us, near the launch itself. A known conservative band, pinned both ways.
        var ratios = Rows().Where(r => r.Layout == "dense" && r.M <= 128).Select(r => (r.Name, Ratio: r.Seconds / Modelled(r))).ToList();
        foreach (var (name, ratio) in ratios)
        {
            output.WriteLine($"{name}: measured / model {ratio:F2}");
        }

        Assert.All(ratios, r => Assert.InRange(r.Ratio, 0.50, 1.0));
        Assert.InRange(ratios.Select(r => r.Ratio).OrderBy(x => x).ElementAt(ratios.Count / 2), 0.70, 0.85);
    }

    [Fact]
    public void Compute_bound_FP8_GEMMs_of_4096_rows_are_priced_within_the_band_of_the_H200_probe()
    {
        // 4,096 rows: measured 0.97 to 1.17 of the model (the model's FP8 share, 0.709 of the peak, comes from square
        // cuBLAS GEMMs; block scaling costs DeepGEMM a few points more at K of 1,536 to 2,112). K of 512 (MLA's kv_b
        // projection) reads 1.41: the short-K gap the H200 probe shows as well (GemmShapeEfficiency: K of 512 loses more
        // than the fitted form says), held as its band.
        foreach (var r in Rows().Where(r => r.Layout == "dense" && r.M == 4096))
        {
            var ratio = r.Seconds / Modelled(r);
            output.WriteLine($"{r.Name}: measured / model {ratio:F2}");
            Assert.InRange(ratio, r.K <= 512 ? 1.25 : 0.92, r.K <= 512 ? 1.6 : 1.22);
        }
    }

    [Fact]
    public void Grouped_FP8_expert_GEMMs_are_priced_slower_than_DeepGEMM_at_decode_sizes_and_within_a_tenth_at_prefill_sizes()
    {
        // Contiguous (prefill, 4,096 and 8,192 rows an expert): DeepGEMM 1.00 to 1.09 of the model, so the model is up to
        // 9 % faster than the kernel there. Masked (decode under
        // CUDA graphs, 256 to 1,024 rows an expert): 0.73 to 0.96, the sum form's conservatism as for dense GEMMs. The
        // table's speedup column gives DeepSeek's own CUTLASS 3.6 implementation too (DeepGEMM's time x speedup): 1.18
        // to 1.31 contiguous, 0.81 to 1.16 masked. So a grouped FP8 kernel of that vintage could take up to a third more
        // than the model's price in prefill-sized groups; DeepGEMM itself a tenth at most.
        var grouped = Rows().Where(r => r.Layout != "dense").ToList();
        foreach (var r in grouped)
        {
            var ratio = r.Seconds / Modelled(r);
            output.WriteLine($"{r.Name}: measured / model {ratio:F2}, its CUTLASS baseline {ratio * r.Speedup:F2}");
            if (r.Layout == "contiguous")
            {
                Assert.InRange(ratio, 0.95, 1.15);
                Assert.InRange(ratio * r.Speedup, 1.1, 1.4);
            }
            else
            {
                Assert.InRange(ratio, 0.65, 1.0);
                Assert.InRange(ratio * r.Speedup, 0.8, 1.2);
            }
        }
    }
}
