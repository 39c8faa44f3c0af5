using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// The trtllm-fp8 entry takes its compute efficiency from MLPerf's offline throughput; here it meets a different
/// measurement of the same system, the server scenario's median time per output token.
/// </summary>
public sealed class MlperfConsistencyTests(ITestOutputHelper output)
{
    [Fact]
    public void Trtllm_fp8_factors_reproduce_the_server_median_time_per_output_token()
    {
        var parameters = EfficiencyFile.Load(RepoFiles.EfficiencyFile).Single(p => p.Stack == TrtllmFp8Calibration.Stack);

        // Steady state of the server run: by Little's law, sequences decoding at once = tokens/s x TPOT. Assumed
        // layout: 4 replicas of TP 2 on the 8 GPUs (FP8 weights, 69 GB, leave too little KV room on one 80 GB GPU),
        // each step decoding a quarter of the sequences at their mean context (prompt + output / 2) and prefilling
        // a quarter of the prompts that arrive during one step.
        const int replicas = 4;
        var prompt = MlperfEstimate.AssumedMeanPromptTokens;
        var outputTokens = MlperfEstimate.ServerTokensPerSecond / MlperfEstimate.ServerSamplesPerSecond;
        var decoding = MlperfEstimate.ServerTokensPerSecond * MlperfEstimate.ServerTpotP50Seconds / replicas;
        var prefillTokens = MlperfEstimate.ServerSamplesPerSecond * MlperfEstimate.ServerTpotP50Seconds * prompt / replicas;
        var shape = IterationShape.Decode((long)decoding, (long)(prompt + outputTokens / 2))
                    + IterationShape.Prefill(1, (long)prefillTokens);
        var model = ExecutionModels.Create("roofline", new ExecutionModelContext
        {
            Deployment = new Deployment
            {
                Model = ReferenceModels.Llama2_70B, Accelerator = ReferenceAccelerators.H100Sxm, TensorParallel = 2,
                WeightPrecision = Precision.Fp8, KvCachePrecision = Precision.Fp8,
            },
            Efficiency = parameters,
        });

        var step = model.Predict(shape);

        output.WriteLine($"{decoding:F0} sequences decoding + {prefillTokens:F0} prompt tokens per replica step: predicted {step.Seconds * 1e3:F1} ms " +
                         $"(compute {step.ComputeSeconds * 1e3:F1}, memory {step.MemorySeconds * 1e3:F1}, collectives {step.CommunicationSeconds * 1e3:F1}); " +
                         $"MLPerf TPOT p50 {MlperfEstimate.ServerTpotP50Seconds * 1e3} ms");
        Assert.InRange(step.Seconds / MlperfEstimate.ServerTpotP50Seconds, 0.8, 1.2);
    }

    [Fact]
    public void Offline_compute_efficiency_is_the_achieved_flop_rate_over_the_fp8_peak()
    {
        // By hand: 84.48 samples/s x (300 + 290.3) tokens x 2 x 68.98e9 FLOPs = 6.88e15 FLOP/s dense, plus causal
        // attention (4 x 80 x 64 x 128 FLOPs per pair: 300 x 301 / 2 + 300 x 290.3 + 290.3 x 291.3 / 2 pairs);
        // over 8 x 1,978.9e12.
        var outputTokens = 24524.9 / 84.48;
        var pairs = 300.0 * 301 / 2 + 300 * outputTokens + outputTokens * (outputTokens + 1) / 2;
        var flopsPerSample = 2 * 68.98e9 * (300 + outputTokens) + 4.0 * 80 * 64 * 128 * pairs;
        var byHand = 84.48 * flopsPerSample / (8 * 1978.9e12);

        Assert.Equal(byHand, MlperfEstimate.ComputeEfficiency(), 1e-9);
        Assert.InRange(byHand, 0.43, 0.45);
    }
}
