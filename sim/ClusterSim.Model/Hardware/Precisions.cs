using ClusterSim.Scenarios;

namespace ClusterSim.Model.Hardware;

/// <summary>
/// Parsing and fall-back order of <see cref="Precision"/> values. Sizes and catalog keys are
/// <see cref="PrecisionInfo"/>'s (one table, shared with the scenario records).
/// </summary>
public static class Precisions
{
    private static readonly Precision[] _all =
        [Precision.Fp32, Precision.Fp16, Precision.Bf16, Precision.Fp8, Precision.Int8, Precision.Int4, Precision.Fp4, Precision.Mxfp4];

    // Next wider formats an accelerator may offer instead, nearest first. Same-width formats come first
    // (bf16 <-> fp16) because a stack that lacks one runs the other at the same speed and size; integer
    // formats widen to the next integer format before a float one, as quantised kernels do.
    private static readonly Precision[] _fp32Chain = [];
    private static readonly Precision[] _fp16Chain = [Precision.Bf16, Precision.Fp32];
    private static readonly Precision[] _bf16Chain = [Precision.Fp16, Precision.Fp32];
    private static readonly Precision[] _fp8Chain = [Precision.Bf16, Precision.Fp16, Precision.Fp32];
    private static readonly Precision[] _int8Chain = [Precision.Fp16, Precision.Bf16, Precision.Fp32];
    private static readonly Precision[] _int4Chain = [Precision.Int8, Precision.Fp16, Precision.Bf16, Precision.Fp32];
    private static readonly Precision[] _fp4Chain = [Precision.Fp8, Precision.Bf16, Precision.Fp16, Precision.Fp32];

    public static IReadOnlyList<Precision> All => _all;

    public static bool TryParse(string? text, out Precision precision)
    {
        foreach (var candidate in _all)
        {
            if (string.Equals(candidate.Key(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
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

        var keys = _all.Select(p => p.Key()).ToArray();
        var hint = NameMatch.Nearest(text, keys);
        throw new FormatException(
            $"unknown precision '{text}': expected one of {string.Join(", ", keys)}" +
            (hint is null ? "" : $"; did you mean '{hint}'?"));
    }

    /// <summary>Formats to try, nearest first, when an accelerator lacks <paramref name="precision"/>.</summary>
    public static IReadOnlyList<Precision> WiderFallbacks(Precision precision) => precision switch
    {
        Precision.Fp32 => _fp32Chain,
        Precision.Fp16 => _fp16Chain,
        Precision.Bf16 => _bf16Chain,
        Precision.Fp8 => _fp8Chain,
        Precision.Int8 => _int8Chain,
        Precision.Int4 => _int4Chain,
        Precision.Fp4 or Precision.Mxfp4 => _fp4Chain,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision"),
    };
}
