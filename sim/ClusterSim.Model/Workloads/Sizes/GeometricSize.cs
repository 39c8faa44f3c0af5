using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Sizes;

/// <summary>
/// Geometric on {1, 2, ...} with the given mean: the discrete memoryless distribution, so token
/// counts proportional to service time give (nearly) exponential service.
/// </summary>
public sealed class GeometricSize : ISizeDistribution
{
    private readonly double _logQ;

    public GeometricSize(double mean)
    {
        if (!(mean >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "a geometric size needs mean >= 1");
        }

        Mean = mean;
        _logQ = Math.Log(1 - 1 / mean);
    }

    public double Mean { get; }

    public int Sample(SimRandom rng)
        => double.IsNegativeInfinity(_logQ) ? 1 : 1 + (int)Math.Floor(Math.Log(rng.NextDoubleNonZero()) / _logQ);
}
