using System.Globalization;
using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using Xunit.Abstractions;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// A CHECK, no fit: the decode attention the roofline prices (the KV cache read at the stack's memory efficiency, nothing
/// else) against the decode attention kernel timed per layer on an A100 by Vidur's profiler (vLLM's FlashAttention-2 paged
/// decode, Llama-2-70B's heads at TP2, BF16; scenarios/profiles/vidur_a100_decode_attention.csv). The model's figure is the
/// step's attention part over the 80 layers, with the a100-80gb-sxm/vllm entry (memory efficiency 0.79: the A100's STREAM
/// copy share). What it shows, asserted as the bands it is in: long contexts at large batches are priced within about 10 %,
/// while the kernel's fixed cost per launch (about 17 us at one sequence, whatever the context) and its low occupancy at
/// short contexts are not modelled, so MLPerf-like contexts of 256 to 512 tokens are priced 1.3 to 1.8 times too fast and a
/// single sequence 4 to 180 times. A known gap of the model's attention term, not corrected: the kernels TensorRT-LLM runs
/// on Hopper (XQA, FP8 KV) were not timed, and the one current-engine H200 MLPerf step (v5.0, Llama-2-70B) is already
/// within 1 % without such a cost.
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
    public void The_check_reads_the_54_rows_and_prices_attention_as_kv_reads()
    {
        var (model, rows) = Data.Value;
        Assert.Equal(54, rows.Count);

        // By hand: 128 sequences x 4,032 tokens x 4 KV heads per GPU x 128 x (K, V) x 2 bytes, and the new token's, at
        // 0.79 x 2.039 TB/s; per layer.
        var bytes = 128.0 * (4032 + 1) * 4 * 128 * 2 * 2;
        Assert.Equal(bytes / (2.039e12 * 0.79), model.Breakdown(IterationShape.Decode(128, 4032)).AttentionSeconds / 80, 1e-9);
        Assert.False(model.Breakdown(IterationShape.Decode(128, 4032)).AttentionComputeBound);
    }

    [Fact]
    public void Long_contexts_at_large_batches_are_priced_within_about_ten_percent()
    {
        var ratios = Ratios();
        foreach (var r in ratios)
        {
            output.WriteLine($"kv {r.Kv,5}, batch {r.Batch,3}: model / measured {r.Ratio:F2}");
        }

        // kv 2,048 to 4,032 at 96 and 128 sequences: 0.95 to 1.11.
        Assert.All(ratios.Where(r => r.Kv >= 2048 && r.Batch >= 96), r => Assert.InRange(r.Ratio, 0.90, 1.15));
    }

    [Fact]
    public void MLPerf_like_contexts_are_a_known_gap_priced_about_a_third_too_fast()
    {
        // kv 256 and 512 at 96 and 128 sequences: 0.58 to 0.75 (a known gap, asserted as its band).
        Assert.All(Ratios().Where(r => r.Kv is >= 256 and <= 512 && r.Batch >= 96), r => Assert.InRange(r.Ratio, 0.53, 0.80));
    }

    [Fact]
    public void A_single_sequence_pays_a_kernel_floor_the_model_does_not_charge()
    {
        // One sequence: 15 to 18 us measured at every context from 64 to 4,032 tokens, the model 0.2 to 5 us.
        var (_, rows) = Data.Value;
        Assert.All(rows.Where(r => r.Batch == 1), r => Assert.InRange(r.MeasuredSeconds, 15e-6, 18.5e-6));
        Assert.All(Ratios().Where(r => r.Batch == 1), r => Assert.InRange(r.Ratio, 0.005, 0.30));
    }
}
