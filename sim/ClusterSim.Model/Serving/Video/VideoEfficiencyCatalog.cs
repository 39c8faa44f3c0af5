using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// The video kernel efficiencies (scenarios/catalog/efficiency-video.yaml), looked up by accelerator and attention
/// stack. Never a silent fallback: an accelerator without its own entry of the stack takes the fractions of the
/// same vendor's entry nearest in bf16 peak (else any vendor's), with the GEMM and attention fractions moved by the two
/// parts' measured matmul shares of peak where the catalog has both, and its VAE peak scaled by the two bf16 peaks; the
/// returned <see cref="VideoEfficiencyEntry.Derivation"/> says so (the compiler puts it in the run's notes).
/// </summary>
public sealed class VideoEfficiencyCatalog(IReadOnlyList<VideoEfficiencyEntry> entries)
{
    private static readonly Lazy<VideoEfficiencyCatalog> s_default = new(() => new VideoEfficiencyCatalog(VideoEfficiencyYaml.Embedded()));

    public static VideoEfficiencyCatalog Default => s_default.Value;

    public IReadOnlyList<VideoEfficiencyEntry> Entries => entries;

    /// <param name="specOf">Each accelerator's catalog entry (vendor and bf16 peak), for the donor choice.</param>
    public VideoEfficiencyEntry Resolve(string accelerator, string stack, Func<string, AcceleratorSpec?> specOf)
    {
        var exact = entries.FirstOrDefault(e => e.Accelerator == accelerator && e.Stack == stack);
        if (exact is not null)
        {
            return exact;
        }

        var candidates = entries.Where(e => e.Stack == stack).ToList();
        if (candidates.Count == 0)
        {
            throw new ArgumentException($"no video efficiency entry of attention stack '{stack}' for any accelerator: stacks in {VideoEfficiencyYaml.ResourceName} are "
                                        + string.Join(", ", entries.Select(e => e.Stack).Distinct()));
        }

        var (donor, targetPeak, donorPeak, sameVendor) = KernelDonor.Pick(candidates, accelerator, e => e.Accelerator, specOf);
        var target = specOf(accelerator);
        if (targetPeak <= 0 || donorPeak <= 0)
        {
            throw new ArgumentException($"no video efficiency entry for {accelerator}/{stack}, and no bf16 peak to carry {donor.Accelerator}'s over by");
        }

        var vaePeak = donor.VaePeakTflops * targetPeak / donorPeak;

        // As for the LLM stacks: the tensor-core fractions move by the two parts' measured matmul shares of peak, the
        // memory fraction by their measured bandwidth shares.
        var (ratio, shares) = MeasuredShares.Matmul(accelerator, target, donor.Accelerator, specOf(donor.Accelerator), "GEMM and attention fractions");
        var (memoryRatio, bandwidth) = MeasuredShares.Bandwidth(accelerator, target, donor.Accelerator, specOf(donor.Accelerator), "memory fraction");
        var gemm = MeasuredShares.Scale(donor.GemmEfficiency, ratio);
        var attention = MeasuredShares.Scale(donor.AttentionEfficiency, ratio);
        var memory = MeasuredShares.Scale(donor.MemoryEfficiency, memoryRatio);

        return donor with
        {
            VaePeakTflops = vaePeak,
            GemmEfficiency = gemm,
            AttentionEfficiency = attention,
            MemoryEfficiency = memory,
            Derivation = $"no {accelerator}/{stack} video entry: {donor.Accelerator}/{stack}'s fractions (GEMM {donor.GemmEfficiency:G3}, attention {donor.AttentionEfficiency:G3}, "
                         + $"memory {donor.MemoryEfficiency:G3}, VAE {donor.VaeEfficiency:G3}) applied to {accelerator}'s own peaks and bandwidth, and a VAE peak of "
                         + $"{vaePeak:G4} TFLOP/s ({donor.Accelerator}'s {donor.VaePeakTflops:G4} x the bf16 peak ratio {targetPeak:G4}/{donorPeak:G4})" + shares + bandwidth
                         + (!sameVendor ? $"; the donor is another vendor's accelerator, so its other kernel fractions are an assumption, not a measurement" : ""),
        };
    }
}
