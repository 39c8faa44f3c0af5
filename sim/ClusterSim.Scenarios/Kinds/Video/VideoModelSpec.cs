namespace ClusterSim.Scenarios;

/// <summary>A video diffusion transformer (DiT over a VAE latent).</summary>
/// <param name="Layers">Transformer blocks.</param>
/// <param name="HiddenSize">Model width.</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="FfnSize">FFN intermediate size.</param>
/// <param name="Patch">Patch over the latent: t, h, w.</param>
/// <param name="VaeCompression">VAE compression: t, h, w.</param>
/// <param name="LatentChannels">Channels of the latent.</param>
/// <param name="TextEncoderParamsB">Text encoder parameters in billions.</param>
/// <param name="VaeDecodeGflopsPerFrame">VAE decoding per output frame at the default resolution, GFLOP.</param>
/// <param name="DefaultSteps">Denoising steps by default.</param>
/// <param name="DefaultResolution">Default frame size.</param>
/// <param name="DefaultFps">Default frames per second.</param>
/// <param name="DefaultFrames">Default number of output frames, when given.</param>
/// <param name="GuidancePasses">DiT forward passes per denoising step (2 with classifier-free guidance).</param>
/// <param name="TextLen">Length the text embedding is padded to (cross-attention keys); 0 when not given.</param>
public sealed record VideoModelSpec(
    string Key,
    string Name,
    double ParamsB,
    Precision WeightPrecision,
    Confidence Confidence,
    string? Source,
    string? Notes,
    int Layers,
    int HiddenSize,
    int Heads,
    int FfnSize,
    IReadOnlyList<int> Patch,
    IReadOnlyList<int> VaeCompression,
    int LatentChannels,
    double TextEncoderParamsB,
    double VaeDecodeGflopsPerFrame,
    int DefaultSteps,
    Resolution DefaultResolution,
    double DefaultFps,
    int? DefaultFrames,
    int GuidancePasses,
    int TextLen)
    : ModelSpec(Key, Name, ParamsB, WeightPrecision, Confidence, Source, Notes)
{
    public override string Kind => "video";

    /// <summary>"cross" (separate text weights) or "joint" (text tokens join the sequence).</summary>
    public string Attention { get; init; } = "cross";

    /// <summary>"sequential", "batch" or "split": how the guidance passes run.</summary>
    public string Guidance { get; init; } = "sequential";

    /// <summary>Bytes element-wise kernels move per token and hidden channel, per block.</summary>
    public double ElementwiseBytesPerElement { get; init; }

    /// <summary>Key into catalog/efficiency-video.yaml.</summary>
    public string AttentionStack { get; init; } = "flash-attn2";

    /// <summary>DiT and text encoder together, both resident.</summary>
    public override double WeightBytes => (ParamsB + TextEncoderParamsB) * 1e9 * WeightPrecision.StoredBytes();

    /// <summary>Pixels per side that one latent patch covers: width and height must be multiples of it.</summary>
    /// <remarks>A long product: two ints that each fit can overflow an int together (and wrap to 0).</remarks>
    public long PixelsPerPatchH => (long)VaeCompression[1] * Patch[1];

    /// <inheritdoc cref="PixelsPerPatchH"/>
    public long PixelsPerPatchW => (long)VaeCompression[2] * Patch[2];

    public override IReadOnlyList<string> CatalogColumns() =>
        ["-", Num(Layers), Num(HiddenSize), $"{Heads}", "-", $"{DefaultResolution} {Num(DefaultFps)} fps, {DefaultSteps} steps"];
}
