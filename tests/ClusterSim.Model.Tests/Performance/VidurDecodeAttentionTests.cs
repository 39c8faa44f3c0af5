using System.Globalization;
using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using Xunit.Abstractions;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// A FIT, then what it leaves: the decode attention the roofline prices (each layer's fixed time, attention_launch_s, plus
/// the KV cache read at the stack's memory efficiency) against the decode attention kernel timed per layer on an A100 by
/// Vidur's profiler (vLLM's FlashAttention-2 paged decode, Llama-2-70B's heads at TP2, BF16;
/// scenarios/profiles/vidur_a100_decode_attention.csv). The a100-80gb-sxm/vllm entry's fixed time per layer was fitted on
/// these 54 rows (2026-12-05: the median of each row's time less its KV read), so nothing here is evidence for it: the
/// tests say the fit is what the file holds, and the bands the rows are in with it. The evidence is elsewhere: the vLLM and
/// SGLang A100 online rows, which no factor saw (MeasuredServingTests), moved toward their measurements with it (median
/// TPOT -15 / -13 % to -11 / -9 %, SGLang -6 / -9 % to -1 / -4 %). Before the fit the model priced a single sequence 4 to 180
/// times too fast and MLPerf-like contexts (256 to 512 tokens at 96 and 128 sequences) 1.3 to 1.8 times.
/// </summary>
public sealed class VidurDecodeAttentionTests(ITestOutputHelper output)
{
    private static readonly Lazy<(IStepBreakdown Model, List<(long Kv, long Batch, double MeasuredSeconds)> Rows)> Data = new(() =>
    {
        var deployment = new Deployment
        {
            Model = ReferenceModels.Llama2_70B,
            Accelerator = ReferenceAccelerators.A100Sxm80,
            TensorParallel = 2,
        };
        var model = (IStepBreakdown)ExecutionModels.Create("roofline", new ExecutionModelContext
        {
            Deployment = deployment,
            Efficiency = EfficiencyCatalog.Default.Resolve("a100-80gb-sxm", "vllm"),
        });
        var rows = File.ReadAllLines(RepoPaths.File("scenarios", "profiles", "vidur_a100_decode_attention.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture) * 1e-3))
            .ToList();
        return (model, rows);
    });

    /// <summary>The model's decode attention per layer over the measured time, for every row.</summary>
    private static List<(long Kv, long Batch, double Ratio)> Ratios()
    {
        var (model, rows) = Data.Value;
        return rows.Select(r => (r.Kv, r.Batch, model.Breakdown(IterationShape.Decode(r.Batch, r.Kv)).AttentionSeconds / 80 / r.MeasuredSeconds)).ToList();
    }

    [Fact]
    public void The_entrys_fixed_time_per_layer_is_the_median_of_the_rows_less_their_kv_read()
    {
        // FIT: the catalog keeps three significant figures of it.
        var (_, rows) = Data.Value;
        var factors = EfficiencyCatalog.Default.Resolve("a100-80gb-sxm", "vllm");
        var bandwidth = 2.039e12 * factors.MemoryEfficiency;
        var residuals = rows.Select(r => r.MeasuredSeconds - (r.Batch * (r.Kv + 1.0) * 2048 / bandwidth)).Order().ToList();
        var median = (residuals[26] + residuals[27]) / 2;
        output.WriteLine($"median residual {median * 1e6:F2} us, entry {factors.AttentionLaunchSeconds * 1e6:F2} us");
        Assert.Equal(median, factors.AttentionLaunchSeconds, 0.05e-6);
        Assert.Equal(factors.AttentionLaunchSeconds, EfficiencyCatalog.Default.Resolve("a100-80gb-sxm", "sglang").AttentionLaunchSeconds); // ASSUMED alike
    }

    [Fact]
    public void Attention_is_priced_as_a_fixed_time_per_layer_plus_the_kv_read()
    {
        var (model, rows) = Data.Value;
        Assert.Equal(54, rows.Count);

        // By hand: 18.1 us, then 128 sequences x 4,032 tokens x 4 KV heads per GPU x 128 x (K, V) x 2 bytes, and the new
        // token's, at 0.79 x 2.039 TB/s; per layer.
        var bytes = 128.0 * (4032 + 1) * 4 * 128 * 2 * 2;
        Assert.Equal(18.1e-6 + (bytes / (2.039e12 * 0.79)), model.Breakdown(IterationShape.Decode(128, 4032)).AttentionSeconds / 80, 1e-9);
        Assert.False(model.Breakdown(IterationShape.Decode(128, 4032)).AttentionComputeBound);
    }

    [Fact]
    public void With_the_fit_long_contexts_at_large_batches_are_priced_within_about_fifteen_percent()
    {
        var ratios = Ratios();
        foreach (var r in ratios)
        {
            output.WriteLine($"kv {r.Kv,5}, batch {r.Batch,3}: model / measured {r.Ratio:F2}");
        }

        // kv 2,048 to 4,032 at 96 and 128 sequences: 1.01 to 1.14 (0.95 to 1.11 without the fixed time).
        Assert.All(ratios.Where(r => r.Kv >= 2048 && r.Batch >= 96), r => Assert.InRange(r.Ratio, 0.95, 1.20));
    }

    [Fact]
    public void With_the_fit_MLPerf_like_contexts_are_priced_about_a_tenth_too_fast()
    {
        // kv 256 and 512 at 96 and 128 sequences: 0.83 to 0.96 (0.57 to 0.75 without the fixed time): what is left is the
        // kernel's lower occupancy at short contexts, not modelled.
        Assert.All(Ratios().Where(r => r.Kv is >= 256 and <= 512 && r.Batch >= 96), r => Assert.InRange(r.Ratio, 0.78, 1.00));
    }

    [Fact]
    public void With_the_fit_a_single_sequence_pays_the_kernels_floor()
    {
        // One sequence: 15 to 18 us measured at every context from 64 to 4,032 tokens; the model 1.01 to 1.29 times that (the
        // median over all rows sits above the one-sequence floor), where it was 0.006 to 0.28 without the fixed time.
        var (_, rows) = Data.Value;
        Assert.All(rows.Where(r => r.Batch == 1), r => Assert.InRange(r.MeasuredSeconds, 15e-6, 18.5e-6));
        Assert.All(Ratios().Where(r => r.Batch == 1), r => Assert.InRange(r.Ratio, 1.0, 1.35));
    }
}
