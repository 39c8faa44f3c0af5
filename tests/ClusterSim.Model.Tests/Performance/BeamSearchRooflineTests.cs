using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// A beam-search decode step against the same number of independent sequences, by hand: the same GEMM tokens and the same
/// attention FLOPs (every beam attends over its whole context), but each request's prompt KV read once for its beams.
/// (That a decode run of such steps is timed bit for bit as one prediction a step: DecodeRunTests.)
/// </summary>
public sealed class BeamSearchRooflineTests
{
    // Llama-3.1-8B bf16: 32 layers x (K, V) x 8 KV heads x 128 x 2 bytes a token.
    private const double KvBytesPerToken = 32 * 2 * 8 * 128 * 2;

    private static IExecutionModel Roofline() => ExecutionModels.Create("roofline", new ExecutionModelContext
    {
        Deployment = new Deployment { Model = ReferenceModels.Llama31_8B, Accelerator = ReferenceAccelerators.H100Sxm },
        Efficiency = new EfficiencyParams { Accelerator = "h100-sxm", Stack = "test", ComputeEfficiency = 0.5, MemoryEfficiency = 0.8 },
    });

    [Theory]
    [InlineData(8, 4, 1000, 24)]
    [InlineData(64, 4, 900, 60)]
    [InlineData(3, 2, 2048, 1)]
    public void Beams_cost_the_flops_of_independent_sequences_and_read_the_shared_prompt_once(int requests, int beams, int prompt, int beamTokens)
    {
        var model = Roofline();
        var beamStep = model.Predict(IterationShape.DecodeBeams(requests, beams, prompt, beamTokens));
        var independent = model.Predict(IterationShape.Decode((long)requests * beams, prompt + beamTokens));

        Assert.Equal(independent.FlopsPerDevice, beamStep.FlopsPerDevice, independent.FlopsPerDevice * 1e-12);
        var unread = (double)requests * (beams - 1) * prompt * KvBytesPerToken;
        Assert.Equal(unread, independent.BytesPerDevice - beamStep.BytesPerDevice, unread * 1e-9);
        Assert.True(beamStep.Seconds < independent.Seconds);

        // One beam is the plain decode.
        Assert.Equal(model.Predict(IterationShape.Decode(requests, prompt + beamTokens)).Seconds,
            model.Predict(IterationShape.DecodeBeams(requests, 1, prompt, beamTokens)).Seconds);
    }
}
