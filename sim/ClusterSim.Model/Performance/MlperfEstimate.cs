using ClusterSim.Model.Hardware;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Performance;

/// <summary>
/// What the MLPerf Inference v4.1 closed-division DGX-H100 Llama-2-70B offline result (shared/data/calibration.md §4)
/// implies for the compute efficiency of TensorRT-LLM's FP8 stack on H100, in steady state: since 2026-12 a check on
/// the kernel-measured efficiency the stack uses (<see cref="TrtllmCalibration"/>), no longer its source. In the offline scenario
/// every sample is queued at once, so each replica runs its full batch flat out: the step that batch takes is the
/// batch over the replica's output tokens per second, and the compute efficiency is the one at which the roofline
/// (with its KV reads, collectives and fixed time per iteration) gives that step.
/// </summary>
public static class MlperfEstimate
{
    /// <summary>Offline output tokens per second, 8x H100-SXM-80GB (calibration.md §4, MLPerf Inference v4.1).</summary>
    public const double OfflineTokensPerSecond = 24524.9;

    /// <summary>Offline samples per second, same run.</summary>
    public const double OfflineSamplesPerSecond = 84.48;

    /// <summary>Server scenario output tokens per second, same system (calibration.md §4).</summary>
    public const double ServerTokensPerSecond = 21605.79;

    /// <summary>Server scenario samples per second.</summary>
    public const double ServerSamplesPerSecond = 74.42;

    /// <summary>Server scenario median time per output token, seconds.</summary>
    public const double ServerTpotP50Seconds = 0.1564;

    /// <summary>GPUs of the system measured: one DGX-H100 (calibration.md §4).</summary>
    public const int Accelerators = 8;

    /// <summary>
    /// Mean prompt length of MLPerf's Llama-2-70B dataset (24,576 OpenOrca samples, Llama-2 tokenizer): the mean of
    /// scenarios/traces/mlperf/llama2-70b-openorca-lengths.csv (its NOTICE gives the source), 222.33 tokens. A figure of
    /// the dataset, not of any result; a test recomputes it from the file. (Until 2026-12 this was an assumed 300.)
    /// </summary>
    public const double DatasetMeanPromptTokens = 222.33;

    /// <summary>Output tokens per sample: offline tokens/s over samples/s (about 290).</summary>
    public static double OutputTokensPerSample => OfflineTokensPerSecond / OfflineSamplesPerSecond;

    /// <summary>Sequences a TP2 replica runs at once in the offline run: NVIDIA's gpu_batch_size for H100_SXM_80GB_TP2x4.</summary>
    public const int OfflineBatch = 896;

    /// <summary>Replicas of the offline run: four TP2 groups on the DGX-H100.</summary>
    public const int Replicas = 4;

    /// <summary>
    /// The average iteration of one replica in the offline run's steady state: <see cref="OfflineBatch"/> sequences
    /// decoding at a mean context of prompt + half the output, and the prompts of the sequences that replace the
    /// finished ones (batch / output tokens of them per step) prefilled alongside. Its measured duration is the
    /// batch over the replica's output tokens per second.
    /// </summary>
    public static (IterationShape Shape, double Seconds) OfflineSteadyStep(double meanPromptTokens = DatasetMeanPromptTokens)
    {
        var output = OutputTokensPerSample;
        var prompts = OfflineBatch / output;
        var decode = IterationShape.Decode(OfflineBatch, (long)Math.Round(meanPromptTokens + output / 2));
        var prefill = new IterationShape
        {
            PrefillTokens = (long)Math.Round(prompts * meanPromptTokens),
            PrefillSequences = (long)Math.Ceiling(prompts),
            PrefillAttentionPairs = (long)Math.Round(prompts * meanPromptTokens * (meanPromptTokens + 1) / 2),
        };
        return (decode + prefill, OfflineBatch / (OfflineTokensPerSecond / Replicas));
    }

    /// <summary>
    /// The compute efficiency at which the roofline's steady offline step (<see cref="OfflineSteadyStep"/>) takes
    /// as long as measured, the other factors held: found by bisection, since the step only shortens as the
    /// efficiency rises. 1 when even peak FLOP/s cannot make the step that short.
    /// </summary>
    public static double ComputeEfficiency(EfficiencyParams others, double meanPromptTokens = DatasetMeanPromptTokens)
    {
        var (shape, seconds) = OfflineSteadyStep(meanPromptTokens);
        var deployment = new Deployment
        {
            Model = ReferenceModels.Llama2_70B,
            Accelerator = ReferenceAccelerators.H100Sxm,
            TensorParallel = 2,
            WeightPrecision = Precision.Fp8,
            KvCachePrecision = Precision.Fp8,
        };
        double Step(double efficiency) => new RooflineExecutionModel(new ExecutionModelContext
        {
            Deployment = deployment,
            Efficiency = others with { ComputeEfficiency = efficiency },
        }).Predict(shape).Seconds;

        if (Step(1.0) >= seconds)
        {
            return 1.0;
        }

        double lo = 1e-3, hi = 1.0;
        for (var i = 0; i < 60; i++)
        {
            var mid = (lo + hi) / 2;
            if (Step(mid) > seconds)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return hi;
    }
}
