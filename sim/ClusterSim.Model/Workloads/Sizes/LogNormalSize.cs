using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Sizes;

/// <summary>
/// Log-normal token counts given by their mean and coefficient of variation (the way trace
/// statistics are usually published), rounded and clamped to [min, max].
/// </summary>
public sealed class LogNormalSize : ISizeDistribution
{
    private readonly double _mu;
    private readonly double _sigma;
    private readonly int _min;
    private readonly int _max;

    public LogNormalSize(double mean, double cv, int min = 1, int max = int.MaxValue)
    {
        if (!(mean > 0) || !(cv >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), "expected mean > 0 and cv >= 0");
        }

        Mean = mean;
        _sigma = Math.Sqrt(Math.Log(1 + cv * cv));
        _mu = Math.Log(mean) - _sigma * _sigma / 2;
        _min = min;
        _max = max;
    }

    public double Mean { get; }

    public int Sample(SimRandom rng)
        => (int)Math.Clamp(Math.Round(Math.Exp(_mu + _sigma * rng.NextGaussian())), _min, _max);
}
