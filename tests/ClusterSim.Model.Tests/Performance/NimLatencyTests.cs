using ClusterSim.Model.Performance;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>The trtllm-fp8 stack's fixed time per iteration: NIM's batch-1 ITL minus a step worked out by hand.</summary>
public sealed class NimLatencyTests
{
    private static EfficiencyParams Trtllm()
        => EfficiencyFields.ToParams(EfficiencyYaml.Load(RepoFiles.EfficiencyFile)).Single(p => p.Stack == TrtllmCalibration.Fp8Stack);

    [Fact]
    public void Batch_1_decode_step_is_the_weight_stream_over_the_bandwidth_reached()
    {
        var factors = Trtllm();

        // By hand: 70.55e9 weights less the two 128,256 x 8,192 vocab tables in FP8, plus the output projection in BF16
        // (FP8 checkpoints leave it 16-bit; the embedding is looked up a row at a time) over 2 GPUs,
        // plus 5,250 tokens of FP8 KV cache (80 layers x 2 x 8 KV heads x
        // 128 x 1 byte each, halved by TP2), read at 3.35 TB/s x the stack's memory efficiency; the two all-reduces
        // per layer of one token's 16 KB activations add well under a millisecond, and the 321 GEMM launches 1.44 ms.
        var bytes = HandWeightBytes / 2 + NimLatency.Batch1ContextTokens * (80.0 * 2 * 8 * 128) / 2;
        var byHand = bytes / (3.35e12 * factors.MemoryEfficiency);
        var step = NimLatency.Batch1Step(factors);

        Assert.InRange(step - byHand - 321 * factors.GemmLaunchSeconds, 0, 1e-3);

        // Closer: the 160 all-reduces (two per layer) of 2 ranks each take 2 ring steps of the stack's step latency;
        // their 16 KB payloads and the activations add only microseconds.
        // And the one token's GEMM arithmetic, which runs after its weights arrive: 2 x (70.55e9 less both tables) / 2
        // FLOPs at the stack's share of the FP8 peak, and the output projection's at the BF16 peak (about 0.06 ms).
        var gemm = HandGemmSeconds(factors);
        // And the 321 GEMM launches of a pass (80 layers x q/k/v, o, gate/up, down, then lm_head), 4.5 us each.
        var withCollectives = byHand + 160 * 2 * factors.CollectiveStepLatencySeconds + gemm + 321 * factors.GemmLaunchSeconds;
        Assert.InRange(step - withCollectives, 0, 3e-5);
    }

    [Fact]
    public void Trtllm_fp8_overhead_is_what_NIM_measures_beyond_that_step()
    {
        var factors = Trtllm();
        Assert.Equal(NimLatency.Batch1ItlSeconds - NimLatency.Batch1Step(factors), factors.IterationOverheadSeconds, 1e-8); // the file keeps 6 significant figures
        Assert.InRange(factors.IterationOverheadSeconds, 0.002, 0.006); // scheduling, sampling, launches: a few ms

        // Against the hand-worked step instead of the code's own: NIM's 18.58 ms minus weights, KV and collectives.
        var bytes = HandWeightBytes / 2 + NimLatency.Batch1ContextTokens * (80.0 * 2 * 8 * 128) / 2;
        var byHand = bytes / (3.35e12 * factors.MemoryEfficiency) + 160 * 2 * factors.CollectiveStepLatencySeconds
                     + HandGemmSeconds(factors) + 321 * factors.GemmLaunchSeconds;
        Assert.Equal(0.01858 - byHand, factors.IterationOverheadSeconds, 3e-5);
    }

    private const double VocabTable = 128256.0 * 8192;

    /// <summary>The layers' FP8 weights (one byte each) and the BF16 output projection (two); the embedding is a lookup.</summary>
    private const double HandWeightBytes = (70.55e9 - 2 * VocabTable) * 1 + VocabTable * 2;

    private static double HandGemmSeconds(EfficiencyParams factors)
        => (70.55e9 - 2 * VocabTable) / (1978.9e12 * factors.ComputeEfficiency) + VocabTable / (989.4e12 * factors.ComputeEfficiency);
}
