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
    private ConditionWaiters? _conditions;

    public Resource(Simulation simulation, int capacity = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Simulation = simulation;
        Capacity = capacity;
    }

    public Simulation Simulation { get; }

    public int Capacity { get; }

    public int InUse => _users.Count;

    /// <summary>Units free now.</summary>
    public int Remaining => Capacity - _users.Count;

    public int QueueLength => WaitingCount;

    public IReadOnlyList<Request> Users => _users;

    /// <summary>Waiting time of every granted request, in seconds.</summary>
    public SampleMonitor? WaitingTimeMonitor { get; set; }

    /// <summary>Number of waiting requests over time.</summary>
    public TimeWeightedMonitor? QueueLengthMonitor { get; set; }

    /// <summary>Units in use over time (divide the mean by the capacity for utilization).</summary>
    public TimeWeightedMonitor? InUseMonitor { get; set; }

    /// <summary>Fraction of the capacity in use over time (InUse / Capacity), SimSharp's Utilization.</summary>
    public TimeWeightedMonitor? UtilizationMonitor { get; set; }

    /// <summary>Work in progress over time: requests waiting plus units in use.</summary>
    public TimeWeightedMonitor? WipMonitor { get; set; }

    /// <summary>Lead time of every released request, in seconds: from the request to its release.</summary>
    public SampleMonitor? LeadTimeMonitor { get; set; }

    /// <summary>Seconds a request waited before it was withdrawn unserved (reneging, balking on a timeout).</summary>
    public SampleMonitor? BreakOffTimeMonitor { get; set; }

    /// <summary>Succeeds as soon as at least one unit is free (now, if one is).</summary>
    public Event WhenAny() => Conditions.Add(Simulation, () => Remaining > 0);

    /// <summary>Succeeds as soon as every unit is in use.</summary>
    public Event WhenFull() => Conditions.Add(Simulation, () => Remaining == 0);

    /// <summary>Succeeds as soon as no unit is in use.</summary>
    public Event WhenEmpty() => Conditions.Add(Simulation, () => _users.Count == 0);

    /// <summary>Succeeds at the next request, grant or release.</summary>
    public Event WhenChange() => Conditions.Add(Simulation, null);

    private ConditionWaiters Conditions => _conditions ??= new ConditionWaiters();

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
            LeadTimeMonitor?.Add(SimTime.ToSeconds(Simulation.Now - request.RequestTime));
            ObserveUsers();
        }
        else if (RemoveWaiting(request))
        {
            BreakOffTimeMonitor?.Add(SimTime.ToSeconds(Simulation.Now - request.RequestTime));
            ObserveQueue();
        }

        var released = new Event(Simulation).Succeed(request);
        GrantWaiting();
        _conditions?.Changed();
        return released;
    }

    private protected Request NewRequest(int priority, bool preempt) => new(this, priority, preempt, _sequence++);

    private protected Request Enqueue(Request request)
    {
        AddWaiting(request);
        ObserveQueue();
        OnRequested(request);
        GrantWaiting();
        _conditions?.Changed();
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
        ObserveUsers();
    }

    // Each monitor is one null check when unset: nothing is computed or allocated for it.
    private void ObserveQueue()
    {
        QueueLengthMonitor?.Update(WaitingCount);
        WipMonitor?.Update(WaitingCount + _users.Count);
    }

    private void ObserveUsers()
    {
        InUseMonitor?.Update(_users.Count);
        UtilizationMonitor?.Update(_users.Count / (double)Capacity);
        WipMonitor?.Update(WaitingCount + _users.Count);
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
            ObserveUsers();
            next.Succeed(next);
        }
    }
}
