using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Sizes;

public sealed class ConstantSize(int value) : ISizeDistribution
{
    public double Mean => value;

    public int Sample(SimRandom rng) => value;
}
