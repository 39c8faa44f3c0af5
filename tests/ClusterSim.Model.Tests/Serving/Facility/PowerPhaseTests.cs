using ClusterSim.Model.Serving;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Serving.Facility;

/// <summary>
/// The power phase the roofline reports for an iteration, against arithmetic intensity: Llama-3.1-8B
/// in bf16 does 2 FLOPs per weight byte per token, so a batch of n tokens runs at about n FLOP/byte,
/// against the H100's ridge point of 989.4 TFLOP/s / 3.35 TB/s = 295 FLOP/byte. Compute over
/// compute-plus-memory time is then about (n / 295) / (1 + n / 295) before efficiency factors.
/// </summary>
public sealed class PowerPhaseTests
{
    private static ExecutionModelTimer Timer()
        => Assert.IsType<ExecutionModelTimer>(ScenarioCompiler.Compile(ScenarioLoader.LoadDefault()).Setup.Pools[0].Timer);

    [Fact]
    public void A_long_prefill_is_compute_bound_for_the_power_model()
    {
        var timer = Timer();
        var shape = new BatchShape();
        shape.AddPrefillChunk(4096, 0);
        timer.IterationNs(in shape);
        // Hand estimate with the default (vllm) entry's factors on the H100 (0.803 of peak FLOP/s, 0.866 of bandwidth), per
        // rank of TP2: GEMMs 2 x 7.5e9 x 4096 / 2 = 30.7 TFLOP and attention 4096^2 / 2 pairs x 32 layers x 8,192 FLOPs
        // = 2.2 TFLOP, 41.5 ms at 794.5 TFLOP/s; memory 8.0 GB of weights and 4096 x 6.03 MB = 24.7 GB of activations
        // (2 bytes x 32 layers x (10 x 4,096 + (10,240 + 3 x 14,336)): RooflineHandCalculationTests' count), 11.3 ms at
        // 2.90 TB/s: 41.5 / 52.8 = 0.79.
        Assert.InRange(timer.LastComputeIntensity, 0.74, 0.83);
        Assert.InRange(timer.LastComputeBoundFraction, 0, timer.LastComputeIntensity + 1e-12); // overhead and collectives dilute wall time only
    }

    [Fact]
    public void A_small_decode_batch_is_memory_bound_for_the_power_model()
    {
        var timer = Timer();
        var shape = new BatchShape { DecodeSequences = 8, DecodeContextTokens = 8 * 1000 };
        timer.IterationNs(in shape);
        Assert.InRange(timer.LastComputeIntensity, 0, 0.1); // hand estimate (8 / 295) / (1 + 8 / 295) = 0.026, less with KV reads
    }
}
