using ClusterSim.Scenarios;

namespace ClusterSim.Model.Setup;

/// <summary>
/// How far a kernel efficiency moves when a fit made on one accelerator is carried to another. Efficiencies are
/// fractions of peak, so a plain transfer assumes both parts reach the same share of their peaks; where both have a
/// measured matmul share (<see cref="AcceleratorSpec.MatmulShare"/>, the best matmul FLOP/s over the BF16 peak) the
/// efficiency moves by their ratio instead. Used by the LLM and the video efficiency catalogs, so both say the same.
/// </summary>
internal static class MatmulShares
{
    /// <summary>
    /// The factor to multiply the donor's tensor-core efficiencies by (1 when either share is missing) and the clause
    /// the derivation adds, naming <paramref name="what"/> moved, or the part that lacks a measurement.
    /// </summary>
    public static (double Ratio, string Clause) Transfer(
        string target, AcceleratorSpec? targetSpec, string donor, AcceleratorSpec? donorSpec, string what)
    {
        if (targetSpec?.MatmulShare is { } t && donorSpec?.MatmulShare is { } d)
        {
            var ratio = t / d;
            return (ratio, $"; {what} x {ratio:0.000}, the ratio of the measured BF16 matmul shares of peak ({target} {t:0.0%} / {donor} {d:0.0%}, matmul_share)");
        }

        var missing = targetSpec?.MatmulShare is null ? target : donor;
        return (1.0, $"; no measured matmul share for {missing}, so both are assumed to reach the same share of peak");
    }

    /// <summary>An efficiency moved by <paramref name="ratio"/>, never past the physical bound of 1.</summary>
    public static double Scale(double efficiency, double ratio) => Math.Min(1.0, efficiency * ratio);
}
