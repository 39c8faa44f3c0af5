using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>A put into a store; succeeds when the item is in.</summary>
public sealed class StorePut<T> : Event
{
    internal StorePut(Simulation simulation, T item, double priority)
        : base(simulation)
    {
        Item = item;
        Priority = priority;
    }

    public T Item { get; }

    /// <summary>The item's priority in a <see cref="PriorityStore{T}"/> (lower leaves first); 0 elsewhere.</summary>
    public double Priority { get; }
}
