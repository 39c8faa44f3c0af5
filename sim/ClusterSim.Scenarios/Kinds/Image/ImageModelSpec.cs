namespace ClusterSim.Scenarios;

/// <summary>
/// A text-to-image diffusion model: a UNet (SDXL class) whose work per step is a stated figure, or a diffusion
/// transformer (Flux class) whose work per step follows from its width, depth and token count.
/// </summary>
/// <param name="Architecture">"unet" or "dit".</param>
/// <param name="DefaultResolution">Image size it was trained for.</param>
/// <param name="DefaultSteps">Denoising steps by default.</param>
/// <param name="LatentDownsample">Pixels per latent cell along each side (the VAE's compression, 8 for SDXL and Flux).</param>
/// <param name="Patch">Latent cells per side a DiT token covers (2 for Flux); 1 for a UNet.</param>
/// <param name="UnetGflopsPerStep">UNet: one forward pass at the default resolution, batch 1, in GFLOP; 0 for a DiT.</param>
/// <param name="Layers">DiT: transformer blocks; 0 for a UNet.</param>
/// <param name="HiddenSize">DiT: model width; 0 for a UNet.</param>
/// <param name="TextTokens">DiT: text tokens joined to the image tokens in the sequence; 0 for a UNet (cross-attention only).</param>
/// <param name="TextEncoderParamsB">Text encoders' parameters in billions (resident beside the denoiser).</param>
/// <param name="VaeDecodeGflops">VAE decoding of one image at the default resolution, in GFLOP.</param>
/// <param name="Cfg">Whether it uses classifier-free guidance (two passes per step); false for guidance-distilled models.</param>
public sealed record ImageModelSpec(
    string Key,
    string Name,
    double ParamsB,
    Precision WeightPrecision,
    Confidence Confidence,
    string? Source,
    string? Notes,
    string Architecture,
    Resolution DefaultResolution,
    int DefaultSteps,
    int LatentDownsample,
    int Patch,
    double UnetGflopsPerStep,
    int Layers,
    int HiddenSize,
    int TextTokens,
    double TextEncoderParamsB,
    double VaeDecodeGflops,
    bool Cfg)
    : ModelSpec(Key, Name, ParamsB, WeightPrecision, Confidence, Source, Notes)
{
    public override string Kind => "image";

    /// <summary>DiT: parameters (billions) each token passes through once a pass; null: all of <see cref="ModelSpec.ParamsB"/>.</summary>
    public double? TokenParamsB { get; init; }

    /// <summary>Inference stack of the pipeline: the key into catalog/efficiency-image.yaml.</summary>
    public string Stack { get; init; } = "tensorrt";

    /// <summary>Denoiser and text encoders, both resident.</summary>
    public override double WeightBytes => (ParamsB + TextEncoderParamsB) * 1e9 * WeightPrecision.StoredBytes();

    /// <summary>Pixels per side that width and height must be multiples of.</summary>
    public long PixelMultiple => (long)LatentDownsample * Patch;

    public override IReadOnlyList<string> CatalogColumns() =>
    [
        "-", Layers > 0 ? Num(Layers) : "-", HiddenSize > 0 ? Num(HiddenSize) : "-", "-", "-",
        $"{Architecture} {DefaultResolution}, {DefaultSteps} steps{(Cfg ? ", cfg" : "")}",
    ];
}
