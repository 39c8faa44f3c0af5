namespace ClusterSim.Model.Hardware;

/// <summary>
/// Numeric formats a model's weights, KV cache, activations or arithmetic can use. The names match the
/// catalog keys (`fp32, fp16, bf16, fp8, int8, int4, fp4`); see <see cref="Precisions"/> for sizes and parsing.
/// </summary>
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
