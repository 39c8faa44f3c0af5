namespace ClusterSim.Scenarios;

/// <summary>Sizes and names of precisions.</summary>
public static class PrecisionInfo
{
    /// <summary>Bytes per element: 4, 2, 2, 1, 1, 0.5, 0.5, 0.5 (int4, fp4 and mxfp4 pack two per byte).</summary>
    public static double Bytes(this Precision precision) => precision switch
    {
        Precision.Fp32 => 4,
        Precision.Fp16 or Precision.Bf16 => 2,
        Precision.Fp8 or Precision.Int8 => 1,
        Precision.Int4 or Precision.Fp4 or Precision.Mxfp4 => 0.5,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision"),
    };

    /// <summary>
    /// Bytes per element of a tensor stored at <paramref name="precision"/> (weights, KV cache), counting the scales a
    /// 4-bit format needs beside its values: fp4 as NVFP4, one FP8 E4M3 scale per 16 values (4.5 bits; NVIDIA,
    /// "Introducing NVFP4", 2025), mxfp4 as the OCP Microscaling format, one E8M0 scale per 32 values (4.25 bits; OCP
    /// Microscaling Formats (MX) Specification v1.0, 2023, section 5: block size 32, scale 8 bits), int4 as
    /// AWQ and GPTQ store it, one FP16 scale and a packed 4-bit zero point per group of 128 (4.16 bits). The 8-bit and
    /// wider formats keep a scale per tensor or channel: nothing per element. Arithmetic and activations take
    /// <see cref="Bytes"/>.
    /// </summary>
    public static double StoredBytes(this Precision precision) => precision switch
    {
        Precision.Fp4 => 0.5 + 1.0 / 16,
        Precision.Mxfp4 => 0.5 + 1.0 / 32,
        Precision.Int4 => 0.5 + 2.5 / 128,
        _ => precision.Bytes(),
    };

    /// <summary>
    /// Whether a checkpoint whose layers are stored at <paramref name="weights"/> keeps its vocab x hidden tables (input
    /// embedding, lm_head) in 16 bits: the quantisation tools leave them out by default (NVIDIA ModelOpt's "*lm_head*"
    /// exclusion, llm-compressor's ignore ["lm_head"], AutoAWQ and GPTQ quantise linear layers only, AMD Quark's exclude
    /// list), so FP8, INT4 and FP4 checkpoints ship them in BF16. NVIDIA's MLPerf engine builder says it in so many words:
    /// "dtype of weights, and activations of non-quantized part (embedding, lm-head)" (mlcommons/inference_results_v5.0,
    /// closed/NVIDIA/code/common/llm_builder.py).
    /// </summary>
    public static bool KeepsSixteenBitVocabTables(this Precision weights) => weights.Bytes() < 2;

    /// <summary>What <see cref="StoredBytes"/> adds for <paramref name="precision"/>, for a run's notes; null when nothing.</summary>
    public static string? StorageNote(this Precision precision) => precision switch
    {
        Precision.Fp4 => "fp4 stored as NVFP4: 4.5 bits per value with its FP8 scale per 16 values (write mxfp4 for OCP MXFP4's 4.25)",
        Precision.Mxfp4 => "mxfp4 stored as OCP MXFP4: 4.25 bits per value with its 8-bit scale per 32 values; its arithmetic runs at the part's fp4 peak",
        Precision.Int4 => "int4 stored as AWQ and GPTQ do: 4.16 bits per value with an FP16 scale and a 4-bit zero point per group of 128",
        _ => null,
    };

    /// <summary>
    /// The format the arithmetic runs in: mxfp4 multiplies at the fp4 peak (Blackwell's and CDNA 4's tensor cores take
    /// MXFP4 and NVFP4 operands at one rate), every other format is its own. Peaks and matmul shares are listed per
    /// arithmetic, so a part's catalog entry never names mxfp4.
    /// </summary>
    public static Precision Arithmetic(this Precision precision) => precision == Precision.Mxfp4 ? Precision.Fp4 : precision;

    /// <summary>The scenario-file spelling: fp32, fp16, bf16, fp8, int8, int4, fp4, mxfp4.</summary>
    public static string Key(this Precision precision) => precision.ToString().ToLowerInvariant();

    public static bool TryParse(string key, out Precision precision)
        => Enum.TryParse(key, ignoreCase: true, out precision) && precision.Key() == key;
}
