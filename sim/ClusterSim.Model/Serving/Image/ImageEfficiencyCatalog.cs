using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Serving.Image;

/// <summary>
/// The image pipelines' kernel efficiencies (scenarios/catalog/efficiency-image.yaml), looked up by accelerator and
/// inference stack. Never a silent fallback: an accelerator without its own entry of the stack takes the fractions of
/// the same vendor's entry nearest in bf16 peak (else any vendor's), moved by the two parts' measured matmul shares of
/// peak where the catalog has both; the returned <see cref="ImageEfficiencyEntry.Derivation"/> says so (the compiler puts
/// it in the run's notes).
/// </summary>
public sealed class ImageEfficiencyCatalog(IReadOnlyList<ImageEfficiencyEntry> entries)
{
    private static readonly Lazy<ImageEfficiencyCatalog> s_default = new(() => new ImageEfficiencyCatalog(ImageEfficiencyYaml.Embedded()));

    public static ImageEfficiencyCatalog Default => s_default.Value;

    public IReadOnlyList<ImageEfficiencyEntry> Entries => entries;

    /// <param name="specOf">Each accelerator's catalog entry (vendor and bf16 peak), for the donor choice.</param>
    public ImageEfficiencyEntry Resolve(string accelerator, string stack, Func<string, AcceleratorSpec?> specOf)
    {
        var exact = entries.FirstOrDefault(e => e.Accelerator == accelerator && e.Stack == stack);
        if (exact is not null)
        {
            return exact;
        }

        var candidates = entries.Where(e => e.Stack == stack).ToList();
        if (candidates.Count == 0)
        {
            throw new ArgumentException($"no image efficiency entry of stack '{stack}' for any accelerator: stacks in {ImageEfficiencyYaml.ResourceName} are "
                                        + string.Join(", ", entries.Select(e => e.Stack).Distinct()));
        }

        var (donor, _, _, sameVendor) = KernelDonor.Pick(candidates, accelerator, e => e.Accelerator, specOf);

        // As for the LLM and video stacks: the fractions move by the two parts' measured matmul shares of peak.
        var (ratio, shares) = MeasuredShares.Matmul(accelerator, specOf(accelerator), donor.Accelerator, specOf(donor.Accelerator), "UNet and VAE fractions");
        var unet = MeasuredShares.Scale(donor.UnetEfficiency, ratio);
        var vae = MeasuredShares.Scale(donor.VaeEfficiency, ratio);
        return donor with
        {
            UnetEfficiency = unet,
            VaeEfficiency = vae,
            Derivation = $"no {accelerator}/{stack} image entry: {donor.Accelerator}/{stack}'s fractions (UNet {donor.UnetEfficiency:G3}, VAE {donor.VaeEfficiency:G3}) "
                         + $"applied to {accelerator}'s own peaks" + shares
                         + (!sameVendor ? "; the donor is another vendor's accelerator, so its fractions are an assumption, not a measurement" : ""),
        };
    }
}
