namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// The size of one video request as the DiT sees it. Requests of equal shape can share a batch
/// of denoising steps.
/// </summary>
/// <param name="Frames">Output frames (after rounding to what the VAE can produce).</param>
/// <param name="LatentFrames">1 + (frames - 1) / VAE time compression.</param>
/// <param name="Tokens">Latent tokens: latent frames x latent height x latent width / the patch volume.</param>
public readonly record struct VideoShape(int Width, int Height, int Frames, int LatentFrames, int LatentHeight, int LatentWidth, long Tokens)
{
    public long Pixels => (long)Width * Height;
}
