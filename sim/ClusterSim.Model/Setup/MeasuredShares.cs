using ClusterSim.Scenarios;

namespace ClusterSim.Model.Setup;

/// <summary>
/// How far a kernel efficiency moves when a fit made on one accelerator is carried to another. Efficiencies are
/// fractions of peak, so a plain transfer assumes both parts reach the same share of their peaks; where both have a
/// measured share (<see cref="AcceleratorSpec.MatmulShare"/>, the best matmul FLOP/s over the BF16 peak, for compute;
/// <see cref="AcceleratorSpec.BandwidthShare"/>, the STREAM copy bandwidth over the catalog's bandwidth, for memory)
/// the efficiency moves by their ratio instead. Used by the LLM and the video efficiency catalogs, so both say the same.
/// </summary>
internal static class MeasuredShares
{
    /// <summary>
    /// The factor to multiply the donor's tensor-core efficiencies by (1 when either matmul share is missing) and the
    /// clause the derivation adds, naming <paramref name="what"/> moved, or the part that lacks a measurement.
    /// </summary>
    public static (double Ratio, string Clause) Matmul(
        string target, AcceleratorSpec? targetSpec, string donor, AcceleratorSpec? donorSpec, string what)
        => Transfer(target, targetSpec?.MatmulShare, donor, donorSpec?.MatmulShare, what, "BF16 matmul shares of peak", "matmul_share", "matmul share");

    /// <summary>
    /// The factor to multiply the donor's memory efficiency by (1 when either bandwidth share is missing) and the clause
    /// the derivation adds, as <see cref="Matmul"/> does for compute.
    /// </summary>
    public static (double Ratio, string Clause) Bandwidth(
        string target, AcceleratorSpec? targetSpec, string donor, AcceleratorSpec? donorSpec, string what)
        => Transfer(target, targetSpec?.BandwidthShare, donor, donorSpec?.BandwidthShare, what, "STREAM copy shares of the catalog's memory bandwidth", "bandwidth_share", "bandwidth share");

    private static (double Ratio, string Clause) Transfer(
        string target, double? targetShare, string donor, double? donorShare, string what, string shares, string field, string noun)
    {
        if (targetShare is { } t && donorShare is { } d)
        {
            var ratio = t / d;
            return (ratio, $"; {what} x {ratio:0.000}, the ratio of the measured {shares} ({target} {t:0.0%} / {donor} {d:0.0%}, {field})");
        }

        var missing = targetShare is null ? target : donor;
        return (1.0, $"; no measured {noun} for {missing}, so both are assumed to reach the same share of peak");
    }

    /// <summary>An efficiency moved by <paramref name="ratio"/>, never past the physical bound of 1.</summary>
    public static double Scale(double efficiency, double ratio) => Math.Min(1.0, efficiency * ratio);
}
