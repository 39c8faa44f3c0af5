namespace ClusterSim.Scenarios;

/// <summary>
/// One `accelerator/stack` entry of scenarios/catalog/efficiency-image.yaml: the share of its dense peak an image
/// pipeline's UNet and VAE decoder reach on that accelerator with that inference stack (meanings: FORMAT.md,
/// "efficiency-image.yaml").
/// </summary>
/// <param name="UnetEfficiency">Fraction of the dense peak at the UNet's precision one denoising step reaches, over all its kernels (convolutions, norms, attention, GEMMs).</param>
/// <param name="VaeEfficiency">Fraction of the same peak the whole VAE decode reaches.</param>
public sealed record ImageEfficiencyEntry(string Accelerator, string Stack, string FittedOn, double UnetEfficiency, double VaeEfficiency)
{
    /// <summary>The arithmetic (fp16, fp8, ...) the shares were measured at; null where not stated.</summary>
    public string? Precision { get; init; }

    /// <summary>Empty for an accelerator's own entry; otherwise how the factors were carried over from another one.</summary>
    public string Derivation { get; init; } = "";
}
