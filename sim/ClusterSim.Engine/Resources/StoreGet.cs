using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>A get from a store; succeeds with <see cref="Item"/> when one is available.</summary>
public sealed class StoreGet<T> : Event
{
    internal StoreGet(Simulation simulation, Func<T, bool>? filter)
        : base(simulation)
    {
        Filter = filter;
        RequestTime = simulation.Now;
    }

    /// <summary>The item taken; meaningful once the event succeeded.</summary>
    public T Item { get; internal set; } = default!;

    /// <summary>When the get was asked for (ns).</summary>
    public long RequestTime { get; }

    internal Func<T, bool>? Filter { get; }
}
