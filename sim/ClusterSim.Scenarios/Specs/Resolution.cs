namespace ClusterSim.Scenarios;

/// <summary>Frame size in pixels.</summary>
public readonly record struct Resolution(int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    public override string ToString() => $"{Width}x{Height}";
}
