using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>
/// A request for one unit of a resource; succeeds when granted. Dispose (or
/// <see cref="Resource.Release"/>) gives the unit back, or withdraws a request still waiting.
/// </summary>
public sealed class Request : Event, IDisposable
{
    internal Request(Resource resource, int priority, bool preempt, long sequence)
        : base(resource.Simulation)
    {
        Resource = resource;
        Priority = priority;
        Preempt = preempt;
        Sequence = sequence;
        Owner = resource.Simulation.ActiveProcess;
        RequestTime = resource.Simulation.Now;
    }

    public Resource Resource { get; }

    /// <summary>Lower is more important.</summary>
    public int Priority { get; }

    public bool Preempt { get; }

    /// <summary>The process that asked (interrupted if preempted).</summary>
    public Process? Owner { get; }

    public long RequestTime { get; }

    /// <summary>When the unit was granted, or -1 while waiting.</summary>
    public long GrantTime { get; internal set; } = -1;

    internal long Sequence { get; }

    internal LinkedListNode<Request>? Node { get; set; }

    public void Dispose() => Resource.Release(this);
}
