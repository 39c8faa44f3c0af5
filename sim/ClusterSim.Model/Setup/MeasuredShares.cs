using ClusterSim.Model.Performance;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Setup;

/// <summary>
/// How far a kernel efficiency moves when a fit made on one accelerator is carried to another. Efficiencies are
/// fractions of peak, so a plain transfer assumes both parts reach the same share of their peaks; where both have a
/// measured share (<see cref="AcceleratorSpec.MatmulShare"/>, the best matmul FLOP/s over the BF16 peak, for compute;
/// <see cref="AcceleratorSpec.BandwidthShare"/>, the STREAM copy bandwidth over the catalog's bandwidth, for memory)
/// the efficiency moves by their ratio instead; an efficiency measured at one arithmetic precision moves to another by the
/// part's own shares at the two (<see cref="AtPrecision"/>). Used by the LLM and the video efficiency catalogs and the
/// scenario compiler, so all say the same.
/// </summary>
internal static class MeasuredShares
{
    /// <summary>
    /// The factor to multiply the donor's tensor-core efficiencies by (1 when either matmul share is missing) and the
    /// clause the derivation adds, naming <paramref name="what"/> moved, or the part that lacks a measurement. An
    /// efficiency measured at FP8 (<paramref name="precision"/>) moves by the FP8 shares where both parts have them, else
    /// by the BF16 ones, and the clause says which.
    /// </summary>
    public static (double Ratio, string Clause) Matmul(
        string target, AcceleratorSpec? targetSpec, string donor, AcceleratorSpec? donorSpec, string what, Precision? precision = null)
    {
        if (precision == Precision.Fp8)
        {
            if (targetSpec?.MatmulShareFp8 is not null && donorSpec?.MatmulShareFp8 is not null)
            {
                return Transfer(target, targetSpec, donor, donorSpec, s => s.MatmulShareFp8, what, "FP8 matmul shares of peak", "matmul_share_fp8", "FP8 matmul share");
            }

            var (ratio, clause) = Transfer(target, targetSpec, donor, donorSpec, s => s.MatmulShare, what, "BF16 matmul shares of peak", "matmul_share", "matmul share");
            var missing = targetSpec?.MatmulShareFp8 is null ? target : donor;
            return (ratio, clause + $" (the efficiency was measured at fp8, but {missing} has no measured FP8 matmul share: the BF16 ones stand in)");
        }

        return Transfer(target, targetSpec, donor, donorSpec, s => s.MatmulShare, what, "BF16 matmul shares of peak", "matmul_share", "matmul share");
    }

    /// <summary>
    /// The factor and clause for a transfer that also changes arithmetic: an efficiency measured on
    /// <paramref name="donor"/> at <paramref name="measured"/>, run on <paramref name="target"/> at
    /// <paramref name="compute"/>, moves by the target's measured share at <paramref name="compute"/> over the donor's at
    /// <paramref name="measured"/> (the route through the target's share at <paramref name="measured"/> comes to the same
    /// and needs a measurement more). Null where the two are one arithmetic or either share is missing: the caller then
    /// moves by the shares at one precision and, in the compiler, by the part's own two shares.
    /// </summary>
    public static (double Ratio, string Clause)? AcrossArithmetic(
        string target, AcceleratorSpec? targetSpec, string donor, AcceleratorSpec? donorSpec, Precision? measured, Precision? compute)
    {
        if (measured is not { } from || compute is not { } to || SameArithmetic(from, to)
            || MatmulShareAt(targetSpec, to) is not { } t || MatmulShareAt(donorSpec, from) is not { } d)
        {
            return null;
        }

        var ratio = t / d;
        return (ratio, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"; compute efficiency measured at {from.Key()}, run at {to.Key()}: x {ratio:0.000}, the ratio of the measured matmul shares of peak at the two ({target} {to.Key()} {t:0.0%}{targetSpec!.ShareSource(ShareField(to))} / {donor} {from.Key()} {d:0.0%}{donorSpec!.ShareSource(ShareField(from))}, {ShareField(to)} over {ShareField(from)})"));
    }

    /// <summary>Whose <paramref name="spec"/>'s matmul share at <paramref name="precision"/> is, where it was taken from another part (<see cref="AcceleratorSpec.ShareSource"/>).</summary>
    public static string SourceAt(AcceleratorSpec spec, Precision precision) => spec.ShareSource(ShareField(precision));

    private static string ShareField(Precision precision) => precision.Arithmetic() switch
    {
        Precision.Fp8 => "matmul_share_fp8",
        Precision.Fp4 => "matmul_share_fp4",
        _ => "matmul_share",
    };

    /// <summary>
    /// A part's measured matmul share at an arithmetic precision: <see cref="AcceleratorSpec.MatmulShare"/> for the
    /// 16-bit formats (fp16 and bf16 share one peak and one kernel family), <see cref="AcceleratorSpec.MatmulShareFp8"/>
    /// for fp8, <see cref="AcceleratorSpec.MatmulShareFp4"/> for fp4, none for the others.
    /// </summary>
    public static double? MatmulShareAt(AcceleratorSpec? spec, Precision precision) => precision.Arithmetic() switch
    {
        Precision.Fp16 or Precision.Bf16 => spec?.MatmulShare,
        Precision.Fp8 => spec?.MatmulShareFp8,
        Precision.Fp4 => spec?.MatmulShareFp4,
        _ => null,
    };

    /// <summary>Fp16 and bf16 count as one arithmetic: the same peak and the same kernels.</summary>
    public static bool SameArithmetic(Precision a, Precision b)
        => a.Arithmetic() == b.Arithmetic() || (a is (Precision.Fp16 or Precision.Bf16) && b is (Precision.Fp16 or Precision.Bf16));

    /// <summary>
    /// The factor to multiply the donor's memory efficiency by (1 when either bandwidth share is missing) and the clause
    /// the derivation adds, as <see cref="Matmul"/> does for compute.
    /// </summary>
    public static (double Ratio, string Clause) Bandwidth(
        string target, AcceleratorSpec? targetSpec, string donor, AcceleratorSpec? donorSpec, string what)
        => Transfer(target, targetSpec, donor, donorSpec, s => s.BandwidthShare, what, "STREAM copy shares of the catalog's memory bandwidth", "bandwidth_share", "bandwidth share");

    private static (double Ratio, string Clause) Transfer(
        string target, AcceleratorSpec? targetSpec, string donor, AcceleratorSpec? donorSpec, Func<AcceleratorSpec, double?> share,
        string what, string shares, string field, string noun)
    {
        var targetShare = targetSpec is null ? null : share(targetSpec);
        var donorShare = donorSpec is null ? null : share(donorSpec);
        if (targetShare is { } t && donorShare is { } d)
        {
            var ratio = t / d;
            return (ratio, $"; {what} x {ratio:0.000}, the ratio of the measured {shares} ({target} {t:0.0%}{targetSpec!.ShareSource(field)} / {donor} {d:0.0%}{donorSpec!.ShareSource(field)}, {field})");
        }

        var missing = targetShare is null ? target : donor;
        return (1.0, $"; no measured {noun} for {missing}, so both are assumed to reach the same share of peak");
    }

    /// <summary>
    /// An entry's compute efficiency is a share of the peak at the precision it was measured at; a deployment that
    /// computes at another takes the accelerator's measured matmul shares at the two precisions (the FP8 matmuls of an
    /// H100 reach 69.8 % of their peak where the BF16 ones reach 80.3 %). Without both shares, or without the entry's
    /// precision, the efficiency stays as it is. The clause says what was done (null: same arithmetic, nothing to say).
    /// </summary>
    public static (EfficiencyParams Efficiency, string? Clause) AtPrecision(EfficiencyParams eff, AcceleratorSpec accelerator, Precision compute)
    {
        if (!PrecisionInfo.TryParse(eff.Precision, out var measured))
        {
            return (eff, $"the entry does not say at which precision its compute efficiency was measured: applied to {accelerator.Key}'s {compute.Key()} peak as it is");
        }

        if (SameArithmetic(measured, compute))
        {
            return (eff, null);
        }

        var from = MatmulShareAt(accelerator, measured);
        var to = MatmulShareAt(accelerator, compute);
        if (from is not { } f || to is not { } t)
        {
            var lacking = from is null ? measured : compute;
            return (eff, $"compute efficiency measured at {measured.Key()} and applied to {accelerator.Key}'s {compute.Key()} peak unchanged: " +
                         $"no measured {lacking.Key()} matmul share for {accelerator.Key}, so both are assumed to reach the same share");
        }

        var ratio = t / f;
        return (eff with
        {
            ComputeEfficiency = Scale(eff.ComputeEfficiency, ratio),
            AttentionEfficiency = eff.AttentionEfficiency == 0 ? 0 : Scale(eff.AttentionEfficiency, ratio),
            Precision = compute.Key(),
        }, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"compute efficiency measured at {measured.Key()}, run at {compute.Key()}: x {ratio:0.000}, the ratio of {accelerator.Key}'s measured matmul shares ({compute.Key()} {t:0.0%}{accelerator.ShareSource(ShareField(compute))} / {measured.Key()} {f:0.0%}{accelerator.ShareSource(ShareField(measured))})"));
    }

    /// <summary>An efficiency moved by <paramref name="ratio"/>, never past the physical bound of 1.</summary>
    public static double Scale(double efficiency, double ratio) => Math.Min(1.0, efficiency * ratio);
}
