using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Sizes;

/// <summary>Normal, rounded and clamped to [min, max] (token counts are positive integers).</summary>
public sealed class NormalSize(double mean, double stdDev, int min = 1, int max = int.MaxValue) : ISizeDistribution
{
    public double Mean => mean;

    public int Sample(SimRandom rng)
        => (int)Math.Clamp(Math.Round(mean + stdDev * rng.NextGaussian()), min, max);
}
