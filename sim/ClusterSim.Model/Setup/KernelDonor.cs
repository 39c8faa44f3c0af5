using ClusterSim.Scenarios;

namespace ClusterSim.Model.Setup;

/// <summary>
/// Which kernel-efficiency entry an accelerator without one of its own borrows (the video and image kinds' catalogs):
/// the same vendor's entry nearest in bf16 peak (by the ratio of the two peaks), else any vendor's; ties go to the
/// accelerator key in ordinal order, so the choice never depends on file order.
/// </summary>
internal static class KernelDonor
{
    /// <returns>The donor, the target's bf16 peak and the donor's (0 where unknown), and whether the donor is of the target's vendor.</returns>
    public static (T Donor, double TargetPeak, double DonorPeak, bool SameVendor) Pick<T>(
        IReadOnlyList<T> candidates, string accelerator, Func<T, string> acceleratorOf, Func<string, AcceleratorSpec?> specOf)
    {
        var target = specOf(accelerator);
        double Bf16(string key) => specOf(key)?.Tflops.GetValueOrDefault(Precision.Bf16) ?? 0;
        var targetPeak = target?.Tflops.GetValueOrDefault(Precision.Bf16) ?? 0;
        double Distance(T e) => targetPeak > 0 && Bf16(acceleratorOf(e)) > 0 ? Math.Abs(Math.Log(targetPeak / Bf16(acceleratorOf(e)))) : double.MaxValue;
        var sameVendor = candidates.Where(e => target is not null && string.Equals(specOf(acceleratorOf(e))?.Vendor, target.Vendor, StringComparison.OrdinalIgnoreCase)).ToList();
        var donor = (sameVendor.Count > 0 ? sameVendor : candidates).OrderBy(Distance).ThenBy(acceleratorOf, StringComparer.Ordinal).First();
        return (donor, targetPeak, Bf16(acceleratorOf(donor)), sameVendor.Count > 0);
    }
}
