namespace ClusterSim.Scenarios;

/// <summary>
/// One `accelerator/stack` entry of scenarios/catalog/efficiency-video.yaml: the kernel efficiencies a video DiT
/// reaches on that accelerator with that attention stack (meanings: FORMAT.md, "efficiency-video.yaml").
/// </summary>
/// <param name="GemmEfficiency">Fraction of the dense peak (of the weights' precision) the DiT's GEMMs reach.</param>
/// <param name="AttentionEfficiency">Fraction of the same peak the attention kernel reaches.</param>
/// <param name="MemoryEfficiency">Fraction of peak HBM bandwidth the element-wise kernels reach.</param>
/// <param name="VaePeakTflops">Peak the VAE decoder's convolutions run against (dense TF32 for an fp32 VAE).</param>
/// <param name="VaeEfficiency">Fraction of <paramref name="VaePeakTflops"/> the whole VAE decode reaches.</param>
public sealed record VideoEfficiencyEntry(
    string Accelerator,
    string Stack,
    string FittedOn,
    double GemmEfficiency,
    double AttentionEfficiency,
    double MemoryEfficiency,
    double VaePeakTflops,
    double VaeEfficiency)
{
    /// <summary>Empty for an accelerator's own entry; otherwise how the factors were carried over from another one.</summary>
    public string Derivation { get; init; } = "";
}
