namespace ClusterSim.Model.Serving.Image;

/// <summary>What makes two image requests batchable: the same size, step count and guidance.</summary>
/// <param name="Passes">Denoiser passes per image and step: 2 with classifier-free guidance, else 1.</param>
public readonly record struct ImageShape(int Width, int Height, int Steps, int Passes)
{
    public long Pixels => (long)Width * Height;
}
