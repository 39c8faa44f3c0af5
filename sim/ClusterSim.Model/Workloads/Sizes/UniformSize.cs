using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Sizes;

/// <summary>Integers uniform on [min, max], both included.</summary>
public sealed class UniformSize : ISizeDistribution
{
    private readonly int _min;
    private readonly int _max;

    public UniformSize(int min, int max)
    {
        if (min < 0 || max < min)
        {
            throw new ArgumentOutOfRangeException(nameof(min), "expected 0 <= min <= max");
        }

        _min = min;
        _max = max;
    }

    public double Mean => (_min + _max) / 2.0;

    public int Sample(SimRandom rng) => rng.Next(_min, _max + 1);
}
