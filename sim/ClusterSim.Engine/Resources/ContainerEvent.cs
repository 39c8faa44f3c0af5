using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>A put into or a get from a <see cref="Container"/> of an amount.</summary>
public sealed class ContainerEvent : Event
{
    internal ContainerEvent(Simulation simulation, double amount)
        : base(simulation)
    {
        Amount = amount;
        RequestTime = simulation.Now;
    }

    /// <summary>When the put or get was asked for (ns).</summary>
    public long RequestTime { get; }

    public double Amount { get; }
}
