namespace ClusterSim.Model.Hardware;

/// <summary>Sizes, catalog names and fall-back order of <see cref="Precision"/> values.</summary>
public static class Precisions
{
    private static readonly Precision[] s_all =
        [Precision.Fp32, Precision.Fp16, Precision.Bf16, Precision.Fp8, Precision.Int8, Precision.Int4, Precision.Fp4];

    // Next wider formats an accelerator may offer instead, nearest first. Same-width formats come first
    // (bf16 <-> fp16) because a stack that lacks one runs the other at the same speed and size; integer
    // formats widen to the next integer format before a float one, as quantised kernels do.
    private static readonly Precision[] s_fp32Chain = [];
    private static readonly Precision[] s_fp16Chain = [Precision.Bf16, Precision.Fp32];
    private static readonly Precision[] s_bf16Chain = [Precision.Fp16, Precision.Fp32];
    private static readonly Precision[] s_fp8Chain = [Precision.Bf16, Precision.Fp16, Precision.Fp32];
    private static readonly Precision[] s_int8Chain = [Precision.Fp16, Precision.Bf16, Precision.Fp32];
    private static readonly Precision[] s_int4Chain = [Precision.Int8, Precision.Fp16, Precision.Bf16, Precision.Fp32];
    private static readonly Precision[] s_fp4Chain = [Precision.Fp8, Precision.Bf16, Precision.Fp16, Precision.Fp32];

    public static IReadOnlyList<Precision> All => s_all;

    /// <summary>Bytes one element occupies in memory (int4 and fp4 pack two per byte).</summary>
    public static double BytesPerElement(Precision precision) => precision switch
    {
        Precision.Fp32 => 4.0,
        Precision.Fp16 or Precision.Bf16 => 2.0,
        Precision.Fp8 or Precision.Int8 => 1.0,
        Precision.Int4 or Precision.Fp4 => 0.5,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision"),
    };

    /// <summary>The catalog key: `fp32`, `fp16`, `bf16`, `fp8`, `int8`, `int4`, `fp4`.</summary>
    public static string Key(Precision precision) => precision switch
    {
        Precision.Fp32 => "fp32",
        Precision.Fp16 => "fp16",
        Precision.Bf16 => "bf16",
        Precision.Fp8 => "fp8",
        Precision.Int8 => "int8",
        Precision.Int4 => "int4",
        Precision.Fp4 => "fp4",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision"),
    };

    public static bool TryParse(string? text, out Precision precision)
    {
        foreach (var candidate in s_all)
        {
            if (string.Equals(Key(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                precision = candidate;
                return true;
            }
        }

        precision = default;
        return false;
    }

    /// <summary>Parses a catalog key; an unknown one throws with the list of keys and the nearest one.</summary>
    public static Precision Parse(string text)
    {
        if (TryParse(text, out var precision))
        {
            return precision;
        }

        var keys = s_all.Select(Key).ToArray();
        var hint = NameMatch.Nearest(text, keys);
        throw new FormatException(
            $"unknown precision '{text}': expected one of {string.Join(", ", keys)}" +
            (hint is null ? "" : $"; did you mean '{hint}'?"));
    }

    /// <summary>Formats to try, nearest first, when an accelerator lacks <paramref name="precision"/>.</summary>
    public static IReadOnlyList<Precision> WiderFallbacks(Precision precision) => precision switch
    {
        Precision.Fp32 => s_fp32Chain,
        Precision.Fp16 => s_fp16Chain,
        Precision.Bf16 => s_bf16Chain,
        Precision.Fp8 => s_fp8Chain,
        Precision.Int8 => s_int8Chain,
        Precision.Int4 => s_int4Chain,
        Precision.Fp4 => s_fp4Chain,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision"),
    };
}
