using ClusterSim.Engine.Core;
using ClusterSim.Engine.Monitoring;

namespace ClusterSim.Engine.Resources;

/// <summary>
/// A resource with a fixed number of identical units (servers), granted first come first served.
/// Monitors are optional and cost a null check when unset.
/// </summary>
public class Resource
{
    private readonly LinkedList<Request> _queue = new();
    private readonly List<Request> _users = new();
    private long _sequence;

    public Resource(Simulation simulation, int capacity = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Simulation = simulation;
        Capacity = capacity;
    }

    public Simulation Simulation { get; }

    public int Capacity { get; }

    public int InUse => _users.Count;

    public int QueueLength => WaitingCount;

    public IReadOnlyList<Request> Users => _users;

    /// <summary>Waiting time of every granted request, in seconds.</summary>
    public SampleMonitor? WaitingTimeMonitor { get; set; }

    /// <summary>Number of waiting requests over time.</summary>
    public TimeWeightedMonitor? QueueLengthMonitor { get; set; }

    /// <summary>Units in use over time (divide the mean by the capacity for utilization).</summary>
    public TimeWeightedMonitor? InUseMonitor { get; set; }

    protected virtual int WaitingCount => _queue.Count;

    public Request Request() => Enqueue(new Request(this, EventPriority.Normal, false, _sequence++));

    /// <summary>Give back a granted unit, or withdraw a waiting request. Returns an already-succeeded event.</summary>
    public Event Release(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ReferenceEquals(request.Resource, this))
        {
            throw new ArgumentException("The request belongs to another resource.", nameof(request));
        }

        if (_users.Remove(request))
        {
            InUseMonitor?.Update(_users.Count);
        }
        else if (RemoveWaiting(request))
        {
            QueueLengthMonitor?.Update(WaitingCount);
        }

        var released = new Event(Simulation).Succeed(request);
        GrantWaiting();
        return released;
    }

    private protected Request NewRequest(int priority, bool preempt) => new(this, priority, preempt, _sequence++);

    private protected Request Enqueue(Request request)
    {
        AddWaiting(request);
        QueueLengthMonitor?.Update(WaitingCount);
        OnRequested(request);
        GrantWaiting();
        return request;
    }

    /// <summary>Hook for preemption: called after a request joined the queue, before granting.</summary>
    private protected virtual void OnRequested(Request request)
    {
    }

    private protected virtual void AddWaiting(Request request) => request.Node = _queue.AddLast(request);

    private protected virtual bool RemoveWaiting(Request request)
    {
        if (request.Node is null)
        {
            return false;
        }

        _queue.Remove(request.Node);
        request.Node = null;
        return true;
    }

    private protected virtual Request? PeekWaiting() => _queue.First?.Value;

    /// <summary>Take a unit away from a user (preemption), without granting anything yet.</summary>
    private protected void Evict(Request user)
    {
        _users.Remove(user);
        InUseMonitor?.Update(_users.Count);
    }

    private void GrantWaiting()
    {
        while (_users.Count < Capacity)
        {
            var next = PeekWaiting();
            if (next is null)
            {
                break;
            }

            RemoveWaiting(next);
            _users.Add(next);
            next.GrantTime = Simulation.Now;
            WaitingTimeMonitor?.Add(SimTime.ToSeconds(Simulation.Now - next.RequestTime));
            QueueLengthMonitor?.Update(WaitingCount);
            InUseMonitor?.Update(_users.Count);
            next.Succeed(next);
        }
    }
}
