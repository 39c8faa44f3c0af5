using System.Globalization;
using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using Xunit.Abstractions;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// A CHECK, no fit: the GEMMs of a Llama-2-70B layer on an H100 in BF16, as Vidur's profiler timed them through vLLM's
/// torch layers (q/k/v, o, fused gate/up and down projections at TP 1, 2, 4 and 8, 1 to 4,096 tokens;
/// scenarios/profiles/vidur_h100_llama2_70b_projections.csv, MIT), against the roofline's price of the same four GEMMs
/// with the h100-sxm/trtllm-bf16 entry: the H100's maximum achievable BF16 matmul share (MAMF), its kernel-measured
/// memory efficiency, the rate the inner dimension allows and a launch each. No figure of this file set any factor:
/// the GEMM model's other check on a second part and a second library (the first being the H200 probe, cuBLASLt).
/// </summary>
public sealed class VidurH100ProjectionTests(ITestOutputHelper output)
{
    private sealed record Row(int Tokens, int Tp, double MeasuredSeconds, double ElementwiseSeconds);

    private static readonly Lazy<List<Row>> Rows = new(() =>
    {
        var lines = File.ReadAllLines(RepoPaths.File("scenarios", "profiles", "vidur_h100_llama2_70b_projections.csv"));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(f => new Row(
            int.Parse(f[Col("num_tokens")], CultureInfo.InvariantCulture),
            int.Parse(f[Col("tp")], CultureInfo.InvariantCulture),
            (Num(f[Col("attn_pre_proj_median_ms")]) + Num(f[Col("attn_post_proj_median_ms")]) + Num(f[Col("mlp_up_proj_median_ms")]) + Num(f[Col("mlp_down_proj_median_ms")])) * 1e-3,
            // A layer's element-wise kernels: two RMSNorms (the file times the first; the second is the same kernel on the
            // same shape), rotary embedding, SiLU x up, and two residual adds.
            ((2 * Num(f[Col("input_layernorm_median_ms")])) + Num(f[Col("attn_rope_median_ms")]) + Num(f[Col("mlp_act_median_ms")]) + (2 * Num(f[Col("add_median_ms")]))) * 1e-3))
            .ToList();
    });

    private static LlmArchitecture Model => ReferenceModels.Llama2_70B;

    private static EfficiencyParams Entry => EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-bf16");

    /// <summary>The work of Llama-2-70B in BF16 on one H100 rank of a TP group.</summary>
    private static WorkModel Work(int tp) => new(new Deployment
    {
        Model = Model, Accelerator = ReferenceAccelerators.H100Sxm, WeightPrecision = Precision.Bf16, TensorParallel = tp, AcceleratorsPerNode = 8,
    });

    /// <summary>One layer's weights on a rank: all the rank reads less its share of the two BF16 vocab tables, over the layers.</summary>
    private static double LayerWeightBytes(WorkModel work, int tp) => (work.AlwaysWeightBytes - (Model.VocabTableParameters * 2.0 / tp)) / Model.Layers;

    /// <summary>The roofline's price of one layer's four GEMMs on a rank: arithmetic at the shaped rate, the weight stream, four launches.</summary>
    private static double ModelSeconds(int tokens, int tp)
    {
        var (work, e) = (Work(tp), Entry);
        var rate = Math.Min(work.PeakFlops, work.PeakFlops * e.ComputeEfficiency * work.DenseShapeFactor);
        return (work.DenseFlops(tokens) / Model.Layers / rate) + (LayerWeightBytes(work, tp) / (work.BytesPerSecond * e.MemoryEfficiency)) + (4 * e.GemmLaunchSeconds);
    }

    /// <summary>The roofline's element-wise price of one layer on a rank: its activation bytes at the stack's memory efficiency.</summary>
    private static double ModelElementwiseSeconds(int tokens, int tp)
    {
        var work = Work(tp);
        return work.ActivationBytes(tokens) / Model.Layers / (work.BytesPerSecond * Entry.MemoryEfficiency);
    }

    private static List<(int Tokens, int Tp, double Ratio)> Ratios()
        => Rows.Value.Select(r => (r.Tokens, r.Tp, r.MeasuredSeconds / ModelSeconds(r.Tokens, r.Tp))).ToList();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    [Fact]
    public void The_file_holds_every_tensor_parallel_degree_and_no_kernel_beats_the_bound()
    {
        var rows = Rows.Value;
        Assert.Equal(1044, rows.Count); // every row of the source, 261 per degree: none lost in the copy
        Assert.Equal([1, 2, 4, 8], rows.Select(r => r.Tp).Distinct().Order());
        Assert.All(rows.GroupBy(r => r.Tp), g => Assert.Equal(261, g.Count()));
        foreach (var r in rows)
        {
            var work = Work(r.Tp);
            var bound = Math.Max(work.DenseFlops(r.Tokens) / Model.Layers / work.PeakFlops, LayerWeightBytes(work, r.Tp) / work.BytesPerSecond);
            Assert.True(r.MeasuredSeconds >= bound, $"TP{r.Tp} at {r.Tokens} tokens: {r.MeasuredSeconds:E3} s beats the bound {bound:E3} s");
        }
    }

    [Fact]
    public void Layer_gemms_are_priced_within_a_few_per_cent_at_serving_sizes_and_conservatively_between()
    {
        var ratios = Ratios();
        foreach (var tp in new[] { 1, 2, 4, 8 })
        {
            foreach (var (lo, hi) in new[] { (1, 32), (33, 512), (513, 1024), (1025, 2048), (2049, 4096) })
            {
                var band = ratios.Where(r => r.Tp == tp && r.Tokens >= lo && r.Tokens <= hi).Select(r => r.Ratio).ToList();
                if (band.Count > 0)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"TP{tp}, {lo,5} to {hi,5} tokens ({band.Count,3} rows): measured / model median {Median(band):F3}, {band.Min():F3} to {band.Max():F3}"));
                }
            }
        }

        // Measured on the first run (2026-12-05), asserted as the bands they are in:
        // - 1,025 to 4,096 tokens (a serving step's GEMMs): every row 0.87 to 1.12, the medians per TP and range 0.95 to
        //   1.07. At TP2 and 1,025 to 2,048 tokens, the MLPerf v4.1 H100 server step's shape (its step is priced 20 % short
        //   at the measured operating point), the median is 0.99: the dense GEMMs are not where that step's time is missing.
        foreach (var tp in new[] { 1, 2, 4, 8 })
        {
            var serving = ratios.Where(r => r.Tp == tp && r.Tokens > 1024).Select(r => r.Ratio).ToList();
            Assert.All(serving, r => Assert.InRange(r, 0.85, 1.15));
            Assert.InRange(Median(serving), 0.93, 1.10);
        }

        // - 1 to 32 tokens (the weight stream): 0.90 to 1.01, the model a few per cent conservative.
        Assert.All(ratios.Where(r => r.Tokens <= 32), r => Assert.InRange(r.Ratio, 0.85, 1.05));

        // - 33 to 512 tokens: a known gap, the model conservative by 5 to 22 % in median (0.63 at worst): it adds the weight
        //   stream to the arithmetic, which the kernels overlap there (the H200 probe shows the same at 256 tokens).
        foreach (var tp in new[] { 1, 2, 4, 8 })
        {
            Assert.InRange(Median(ratios.Where(r => r.Tp == tp && r.Tokens is > 32 and <= 512).Select(r => r.Ratio)), 0.72, 0.97);
        }
    }

    [Fact]
    public void Element_wise_kernels_are_priced_within_a_band_that_still_grows_a_little_with_the_tensor_parallel_degree()
    {
        // KNOWN GAP, asserted as the band it is in. First run 2026-12-05 with the residual stream priced as 4 x hidden per
        // token per layer: vLLM's norm, rotary, activation and add kernels took 1.25 (TP1) to 2.5 (TP8) times the model's
        // element-wise price at 1,025 tokens and more, the gap growing as tensor parallelism shrank everything but the
        // replicated residual stream. Since the same day the model counts what every rank moves whole as 10 x hidden (two
        // fused add-norms, 4 each, and the two row-parallel partial outputs, 1 each: WorkModel), and the medians read
        // TP1 1.04, TP2 1.13, TP4 1.24 and TP8 1.38 (rows 0.95 to 1.42). The count is derived from the kernels' traffic, not
        // fitted, but it was chosen with these rows in view, so they are weaker evidence for it; the whole-step rows it
        // moved (the README's accuracy section) are the checks. What is left grows with the degree because each of the six kernels
        // costs a few microseconds whatever its size (timed one by one, outside CUDA graphs), and at TP8 they are small:
        // at 1 to 32 tokens that floor is all there is, which the model does not charge.
        var ratios = Rows.Value.Select(r => (r.Tokens, r.Tp, Ratio: r.ElementwiseSeconds / ModelElementwiseSeconds(r.Tokens, r.Tp))).ToList();
        var medians = new Dictionary<int, double>();
        foreach (var tp in new[] { 1, 2, 4, 8 })
        {
            var serving = ratios.Where(r => r.Tp == tp && r.Tokens > 1024).Select(r => r.Ratio).ToList();
            medians[tp] = Median(serving);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TP{tp}: element-wise measured / model over 1,025 tokens, median {medians[tp]:F2}, {serving.Min():F2} to {serving.Max():F2}"));
        }

        Assert.All(ratios.Where(r => r.Tokens > 1024), r => Assert.InRange(r.Ratio, 0.9, 1.5));
        Assert.InRange(medians[1], 0.99, 1.09);
        Assert.InRange(medians[2], 1.08, 1.18);
        Assert.InRange(medians[4], 1.19, 1.29);
        Assert.InRange(medians[8], 1.33, 1.43);
        Assert.True(medians[1] < medians[2] && medians[2] < medians[4] && medians[4] < medians[8], "the gap grows with the tensor-parallel degree");
        Assert.All(ratios.Where(r => r.Tokens <= 32), r => Assert.True(r.Ratio > 5, $"TP{r.Tp} at {r.Tokens} tokens: {r.Ratio:F1}"));
    }
}
