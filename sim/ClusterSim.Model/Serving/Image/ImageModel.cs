namespace ClusterSim.Model.Serving.Image;

/// <summary>An image diffusion model's figures that set its cost (see <see cref="ImageCostModel"/>).</summary>
public sealed record ImageModel
{
    public required string Key { get; init; }

    /// <summary>True for a diffusion transformer (work from width, depth and tokens), false for a UNet (stated work per step).</summary>
    public required bool IsDit { get; init; }

    /// <summary>Denoiser parameters in billions.</summary>
    public required double ParamsB { get; init; }

    /// <summary>DiT: parameters (billions) each token passes through once a pass; defaults to <see cref="ParamsB"/>.</summary>
    public double? TokenParamsB { get; init; }

    public required int DefaultWidth { get; init; }

    public required int DefaultHeight { get; init; }

    /// <summary>Pixels per latent cell along each side (VAE compression).</summary>
    public int LatentDownsample { get; init; } = 8;

    /// <summary>Latent cells per side one DiT token covers.</summary>
    public int Patch { get; init; } = 1;

    /// <summary>UNet: one pass at the default size and batch 1, in GFLOP.</summary>
    public double UnetGflopsPerStep { get; init; }

    public int Layers { get; init; }

    public int HiddenSize { get; init; }

    /// <summary>DiT: text tokens in the joint sequence.</summary>
    public int TextTokens { get; init; }

    public double TextEncoderParamsB { get; init; }

    /// <summary>VAE decoding of one image at the default size, in GFLOP.</summary>
    public double VaeDecodeGflops { get; init; }

    /// <summary>Text tokens the text encoders read (CLIP's 77 for a UNet, the DiT's own text length otherwise).</summary>
    public int EncoderTokens => IsDit ? TextTokens : 77;
}
