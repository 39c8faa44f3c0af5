using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Analysis.Explore;

/// <summary>An explorer grid checked and ready to run: every point loaded and compiled, nothing simulated.</summary>
public sealed class ExplorePlan
{
    internal ExplorePlan(SweepPlan sweep, double windowSeconds)
    {
        Sweep = sweep;
        WindowSeconds = windowSeconds;
    }

    internal SweepPlan Sweep { get; }

    public string ScenarioName => Sweep.ScenarioName;

    /// <summary>The varied parameters, in the order given; the sliders follow it.</summary>
    public IReadOnlyList<SweepParameter> Parameters => Sweep.Parameters;

    public int PointCount => Sweep.PointCount;

    /// <summary>Simulated seconds from the start of each run that the animation shows.</summary>
    public double WindowSeconds { get; }
}
