using ClusterSim.Model.Hardware;

namespace ClusterSim.Model.Performance;

/// <summary>
/// A steady-state estimate of the compute efficiency of TensorRT-LLM's FP8 stack on H100 from the MLPerf Inference
/// v4.1 closed-division DGX-H100 Llama-2-70B offline result (shared/data/calibration.md §4). In the offline scenario
/// every sample is queued at once, so the GPUs run flat out: the FLOPs the system performs per second, divided by
/// the FP8 peak of its 8 GPUs, is the fraction of peak achieved. Counting all that time as compute (none as memory
/// stalls or overhead) makes this the lowest compute efficiency consistent with the throughput.
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
    /// Mean prompt length assumed for the OpenOrca samples (prompts filtered to at most 1,024 tokens; calibration.md
    /// gives no distribution). An assumption, not a measurement, and the estimate is sensitive to it: 200 or 600
    /// tokens move it from about 0.44 to 0.36 or 0.66.
    /// </summary>
    public const double AssumedMeanPromptTokens = 300;

    /// <summary>Output tokens per sample: offline tokens/s over samples/s (about 290).</summary>
    public static double OutputTokensPerSample => OfflineTokensPerSecond / OfflineSamplesPerSecond;

    /// <summary>FLOPs of one sample: its prompt's prefill and every decode step, dense plus causal attention.</summary>
    public static double FlopsPerSample(LlmArchitecture model, double promptTokens, double outputTokens)
    {
        var attentionPerPair = 4.0 * model.Layers * model.Heads * model.EffectiveHeadDim;
        var dense = 2.0 * model.ActiveParameters * (promptTokens + outputTokens);
        var prefillPairs = promptTokens * (promptTokens + 1) / 2;
        var decodePairs = promptTokens * outputTokens + outputTokens * (outputTokens + 1) / 2;
        return dense + attentionPerPair * (prefillPairs + decodePairs);
    }

    /// <summary>Achieved FLOP/s of the offline run over the FP8 peak of its accelerators.</summary>
    public static double ComputeEfficiency(double meanPromptTokens = AssumedMeanPromptTokens)
    {
        var flopsPerSecond = OfflineSamplesPerSecond * FlopsPerSample(ReferenceModels.Llama2_70B, meanPromptTokens, OutputTokensPerSample);
        return flopsPerSecond / (Accelerators * ReferenceAccelerators.H100Sxm.PeakFlops(Precision.Fp8));
    }
}
