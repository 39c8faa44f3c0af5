using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Sizes;

/// <summary>A distribution of token counts (prompt or output lengths).</summary>
public interface ISizeDistribution
{
    double Mean { get; }

    int Sample(SimRandom rng);
}
