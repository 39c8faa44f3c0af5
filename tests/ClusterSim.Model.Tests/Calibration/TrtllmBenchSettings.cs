using ClusterSim.Model.Performance;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// The engine settings trtllm-bench picks for a dataset (tensorrt_llm/bench/build/tuning.py: calc_engine_setting and
/// finetune_setting): the requests whose whole input and output fit in 0.95 of the memory the FP8 weights leave, capped at
/// 4,096, rounded up to a multiple of 32, 128 or 256 for the max batch; that batch times (1 + input / output), capped at
/// 32,768 and rounded up (at least 2,048), for the max tokens. Written out here so that a check runs the engine the
/// published row ran, not one tuned to it.
/// </summary>
internal static class TrtllmBenchSettings
{
    private const double Gib = 1024.0 * 1024 * 1024;

    /// <summary>
    /// GPU memory as torch reports it (GiB), which the heuristic reads: H100 SXM 80GB 81,559 MiB, H200 SXM 141GB 143,771
    /// MiB, HGX B200 about 179.1 GiB (ASSUMED from the 180 GB it exposes), RTX PRO 6000 Blackwell Server Edition 97,887 MiB
    /// (ASSUMED: the figure its 96 GB of GDDR7 shows in nvidia-smi), a GB200 NVL72's GPU 185.2 GiB (ASSUMED: the catalog's 186
    /// less what the driver keeps, in the proportion of the H100's and H200's).
    /// </summary>
    public static double TorchGib(string accelerator) => accelerator switch
    {
        "h100-sxm" => 79.6,
        "h200-sxm" => 140.4,
        "b200" => 179.1,
        "rtx-pro-6000" => 95.6,
        "gb200" => 185.2,
        _ => throw new ArgumentOutOfRangeException(nameof(accelerator), accelerator, "no memory figure for this part"),
    };

    /// <summary>
    /// Max batch and max tokens for a model with <paramref name="bytesPerWeight"/>-byte weights (1 for FP8, 0.5 for FP4) and
    /// a KV cache of <paramref name="kvBytes"/> bytes an element (1 for FP8) on <paramref name="tp"/> GPUs of
    /// <paramref name="gpuGib"/> GiB each. The heuristic takes both from the checkpoint's quantisation algorithms
    /// (BYTES_PER_ELEM: FP8 1, NVFP4 0.5, anything else 2) and counts every layer's KV whole, local attention or not. With
    /// <paramref name="pp"/> pipeline stages the memory is every stage's and the max batch is divided by the stages (each
    /// micro-batch's limit).
    /// </summary>
    public static (int MaxBatch, int MaxTokens) For(LlmArchitecture model, int tp, double gpuGib, int input, int output, double bytesPerWeight = 1.0, double kvBytes = 1.0, int pp = 1)
    {
        // Each GPU holds at least one KV head.
        var kvHeads = Math.Max(tp, model.KvHeads);
        var kvGibPerToken = 2.0 * model.Layers * kvHeads * model.HeadDim * kvBytes / Gib;
        var available = (gpuGib * tp * pp) - (model.ParamsB * 1e9 * bytesPerWeight / Gib);
        var requests = available * 0.95 / (kvGibPerToken * (input + output));

        var rawBatch = Math.Min(requests, 4096) / pp;
        var rawTokens = Math.Min(rawBatch * (1 + ((double)input / output)), 32768);
        var maxBatch = rawBatch < 256 ? Math.Max(64, 32 * (int)Math.Ceiling(rawBatch / 32))
            : rawBatch < 1024 ? 128 * (int)Math.Ceiling(rawBatch / 128)
            : 256 * (int)Math.Ceiling(rawBatch / 256);
        var maxTokens = rawTokens < 4096 ? Math.Max(2048, 256 * (int)Math.Ceiling(rawTokens / 256))
            : rawTokens < 8192 ? 512 * (int)Math.Ceiling(rawTokens / 512)
            : 1024 * (int)Math.Ceiling(rawTokens / 1024);
        return (maxBatch, maxTokens);
    }

    /// <summary>
    /// Max tokens when chunked prefill is off, trtllm-bench's default on the PyTorch backend (tensorrt_llm/bench/benchmark/
    /// utils/general.py, get_settings: "Chunked prefill is disabled ... Forcing max_num_tokens to max_isl + max_batch_size"):
    /// the heuristic's figure, raised to the longest prompt plus the max batch so that a whole prompt always fits beside a
    /// full batch of decodes.
    /// </summary>
    public static int WithoutChunking(int maxTokens, int maxBatch, int longestPrompt) => Math.Max(maxTokens, longestPrompt + maxBatch);
}
