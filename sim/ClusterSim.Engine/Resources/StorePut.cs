using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>A put into a store; succeeds when the item is in.</summary>
public sealed class StorePut<T> : Event
{
    internal StorePut(Simulation simulation, T item)
        : base(simulation)
    {
        Item = item;
    }

    public T Item { get; }
}
