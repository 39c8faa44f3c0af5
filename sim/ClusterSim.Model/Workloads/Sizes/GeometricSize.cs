using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Sizes;

/// <summary>
/// Geometric on {1, 2, ...} with the given mean: the discrete memoryless distribution, so token
/// counts proportional to service time give (nearly) exponential service.
/// </summary>
public sealed class GeometricSize : ISizeDistribution
{
    private readonly double _logQ;
    private readonly double _max;

    /// <param name="max">Largest sample; longer draws are lowered to it (the geometric tail is unbounded).</param>
    public GeometricSize(double mean, int max = int.MaxValue)
    {
        if (!(mean >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "a geometric size needs mean >= 1");
        }

        Mean = mean;
        _logQ = Math.Log(1 - 1 / mean);
        _max = max;
    }

    public double Mean { get; }

    public int Sample(SimRandom rng)
        => double.IsNegativeInfinity(_logQ) ? 1 : (int)Math.Min(_max, 1 + Math.Floor(Math.Log(rng.NextDoubleNonZero()) / _logQ));
}
