using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Sizes;

/// <summary>Draws uniformly from observed values (for example a trace's prompt lengths).</summary>
public sealed class EmpiricalSize : ISizeDistribution
{
    private readonly int[] _values;

    public EmpiricalSize(IEnumerable<int> values)
    {
        _values = values.ToArray();
        if (_values.Length == 0)
        {
            throw new ArgumentException("an empirical distribution needs at least one value", nameof(values));
        }

        Mean = _values.Average();
    }

    public double Mean { get; }

    public int Sample(SimRandom rng) => _values[rng.Next(_values.Length)];
}
