using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Scenarios;
using Xunit.Abstractions;
using Precision = ClusterSim.Scenarios.Precision;

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
        var parameters = EfficiencyFields.ToParams(EfficiencyYaml.Load(RepoFiles.EfficiencyFile)).Single(p => p.Stack == TrtllmFp8Calibration.Stack);

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
    public void Fit_offline_compute_efficiency_makes_the_steady_offline_step_take_the_measured_time()
    {
        // A fit, not a check: the measured step is the batch over a replica's tokens/s, 896 / (24,524.9 / 4) s.
        var parameters = EfficiencyFields.ToParams(EfficiencyYaml.Load(RepoFiles.EfficiencyFile)).Single(p => p.Stack == TrtllmFp8Calibration.Stack);
        var (shape, seconds) = MlperfEstimate.OfflineSteadyStep();
        Assert.Equal(896 * 4 / 24524.9, seconds, 1e-12);
        Assert.Equal(896, shape.DecodeSequences);

        var model = ExecutionModels.Create("roofline", new ExecutionModelContext
        {
            Deployment = new Deployment
            {
                Model = ReferenceModels.Llama2_70B, Accelerator = ReferenceAccelerators.H100Sxm, TensorParallel = 2,
                WeightPrecision = Precision.Fp8, KvCachePrecision = Precision.Fp8,
            },
            Efficiency = parameters,
        });
        Assert.InRange(model.Predict(shape).Seconds / seconds, 0.999, 1.001);
        Assert.Equal(MlperfEstimate.ComputeEfficiency(parameters), parameters.ComputeEfficiency, 5e-6);
    }
}
