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
        Assert.InRange(timer.LastComputeIntensity, 0.85, 1.0); // hand estimate 13.9 / 14.9 = 0.93
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
