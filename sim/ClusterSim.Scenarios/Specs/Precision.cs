namespace ClusterSim.Scenarios;

/// <summary>Number format of weights, KV cache or compute.</summary>
public enum Precision
{
    Fp32,
    Fp16,
    Bf16,
    Fp8,
    Int8,
    Int4,
    Fp4,

    /// <summary>
    /// FP4 values with the OCP Microscaling format's shared 8-bit power-of-two scale per 32 values (AMD's MXFP4
    /// checkpoints, gpt-oss's experts): fp4 arithmetic, 4.25 bits stored where <see cref="Fp4"/> (NVFP4) takes 4.5.
    /// </summary>
    Mxfp4,
}
