namespace ClusterSim.Scenarios;

/// <summary>Sizes and names of precisions.</summary>
public static class PrecisionInfo
{
    /// <summary>Bytes per element: 4, 2, 2, 1, 1, 0.5, 0.5 (int4 and fp4 pack two per byte).</summary>
    public static double Bytes(this Precision precision) => precision switch
    {
        Precision.Fp32 => 4,
        Precision.Fp16 or Precision.Bf16 => 2,
        Precision.Fp8 or Precision.Int8 => 1,
        Precision.Int4 or Precision.Fp4 => 0.5,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision"),
    };

    /// <summary>The scenario-file spelling: fp32, fp16, bf16, fp8, int8, int4, fp4.</summary>
    public static string Key(this Precision precision) => precision.ToString().ToLowerInvariant();

    public static bool TryParse(string key, out Precision precision)
        => Enum.TryParse(key, ignoreCase: true, out precision) && precision.Key() == key;
}
