namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// A video diffusion transformer as the cost model needs it: the DiT's size and shape, how the VAE
/// and the patching turn pixels into latent tokens, and the text encoder and VAE decoder around it.
/// Field meanings follow scenarios/catalog/FORMAT.md (video models).
/// </summary>
public sealed record VideoModel
{
    public required string Key { get; init; }

    /// <summary>DiT parameters in billions (text encoder and VAE not included).</summary>
    public required double ParamsB { get; init; }

    public required int Layers { get; init; }

    public required int HiddenSize { get; init; }

    public required int Heads { get; init; }

    /// <summary>Patch size over the latent: time, height, width.</summary>
    public required (int T, int H, int W) Patch { get; init; }

    /// <summary>VAE compression: time, height, width.</summary>
    public required (int T, int H, int W) VaeCompression { get; init; }

    /// <summary>Channels of the latent (the prediction split guidance exchanges).</summary>
    public int LatentChannels { get; init; }

    public double TextEncoderParamsB { get; init; }

    /// <summary>VAE decoding work per output frame at <see cref="DefaultWidth"/> x <see cref="DefaultHeight"/>, GFLOP.</summary>
    public double VaeDecodeGflopsPerFrame { get; init; }

    public int DefaultWidth { get; init; }

    public int DefaultHeight { get; init; }

    /// <summary>DiT forward passes per denoising step (2 with classifier-free guidance).</summary>
    public int GuidancePasses { get; init; } = 1;

    /// <summary>Length the text embedding is padded to: the keys of cross-attention, or the text tokens that join a joint-attention sequence.</summary>
    public int TextLen { get; init; }

    /// <summary>Cross-attention (separate weights for text) or joint attention (text tokens join the sequence).</summary>
    public VideoAttention Attention { get; init; } = VideoAttention.Cross;

    /// <summary>How the guidance passes run when <see cref="GuidancePasses"/> is 2.</summary>
    public VideoGuidance Guidance { get; init; } = VideoGuidance.Sequential;

    /// <summary>
    /// Bytes the element-wise kernels of one block (norms, modulation, rotary embedding, residual adds, casts) read and
    /// write per token and hidden channel, counted from the reference code; 0 leaves them out.
    /// </summary>
    public double ElementwiseBytesPerElement { get; init; }

    /// <summary>Attention stack (efficiency-video.yaml) the reference code runs.</summary>
    public string AttentionStack { get; init; } = "flash-attn2";

    /// <summary>
    /// Parameters of the cross-attention key and value projections (2 x hidden^2 per block): they act
    /// on the text tokens, not on the latent tokens, so they are counted apart.
    /// </summary>
    public double CrossAttentionKvParams => Attention == VideoAttention.Joint ? 0 : 2.0 * Layers * HiddenSize * (double)HiddenSize;

    /// <summary>
    /// Frames a request for <paramref name="frames"/> actually produces: the causal VAE encodes one
    /// frame and then groups of <c>VaeCompression.T</c>, so the count is rounded up to
    /// <c>VaeCompression.T x n + 1</c> (Wan2.1 generates 81 = 4 x 20 + 1).
    /// </summary>
    public int GeneratedFrames(int frames)
    {
        if (frames < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(frames), frames, "a video has at least one frame");
        }

        var t = VaeCompression.T;
        return t <= 1 ? frames : (frames - 1 + t - 1) / t * t + 1;
    }

    /// <summary>The latent a request of that size denoises.</summary>
    public VideoShape Shape(int width, int height, int frames)
    {
        var generated = GeneratedFrames(frames);
        var latentFrames = 1 + (generated - 1) / VaeCompression.T;
        var latentHeight = height / VaeCompression.H;
        var latentWidth = width / VaeCompression.W;
        if (width % (VaeCompression.W * Patch.W) != 0 || height % (VaeCompression.H * Patch.H) != 0 || latentFrames % Patch.T != 0)
        {
            throw new ArgumentException($"{width}x{height} with {generated} frames does not split into whole latent patches of '{Key}'");
        }

        var tokens = (long)(latentFrames / Patch.T) * (latentHeight / Patch.H) * (latentWidth / Patch.W);
        return new VideoShape(width, height, generated, latentFrames, latentHeight, latentWidth, tokens);
    }
}
