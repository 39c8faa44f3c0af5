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
}
