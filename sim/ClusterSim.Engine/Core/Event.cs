namespace ClusterSim.Engine.Core;

/// <summary>
/// Something that happens at a point in simulated time. An event is pending until triggered
/// (succeeded or failed, which schedules it), then processed: its callbacks run and waiting
/// processes resume. Modelled on SimSharp's Event; callbacks are stored without a list for the
/// common single-waiter case, and a waiting process is stored as itself, not as a delegate.
/// </summary>
public class Event
{
    private object? _callback;          // Action<Event> or Process
    private List<object>? _moreCallbacks;
    private EventState _state;

    public Event(Simulation simulation)
    {
        Simulation = simulation ?? throw new ArgumentNullException(nameof(simulation));
    }

    public Simulation Simulation { get; }

    /// <summary>True once succeeded or failed (scheduled or processed).</summary>
    public bool IsTriggered => _state != EventState.Pending;

    /// <summary>True once its callbacks have run.</summary>
    public bool IsProcessed => _state == EventState.Processed;

    /// <summary>Neither triggered nor processed: still waiting for something to happen.</summary>
    public bool IsAlive => _state == EventState.Pending;

    /// <summary>True unless the event failed.</summary>
    public bool IsOk { get; private set; } = true;

    /// <summary>The value it succeeded with, or the cause it failed with.</summary>
    public object? Value { get; private set; }

    /// <summary>Succeed now; waiters resume at the current time, after events already due.</summary>
    public Event Succeed(object? value = null, int priority = EventPriority.Normal)
    {
        EnsurePending();
        IsOk = true;
        Value = value;
        _state = EventState.Triggered;
        Simulation.ScheduleEvent(this, 0, priority);
        return this;
    }

    /// <summary>Fail now with a cause; waiting processes must handle it (<see cref="Process.HandleFault"/>).</summary>
    public Event Fail(object? cause, int priority = EventPriority.Normal)
    {
        EnsurePending();
        IsOk = false;
        Value = cause;
        _state = EventState.Triggered;
        Simulation.ScheduleEvent(this, 0, priority);
        return this;
    }

    /// <summary>Take the outcome of another, already triggered, event.</summary>
    public Event Trigger(Event other)
        => other.IsOk ? Succeed(other.Value) : Fail(other.Value);

    /// <summary>Run <paramref name="callback"/> when the event is processed.</summary>
    public void AddCallback(Action<Event> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        AddCallbackObject(callback);
    }

    public void RemoveCallback(Action<Event> callback) => RemoveCallbackObject(callback);

    public static Condition operator &(Event left, Event right) => new AllOf(left.Simulation, left, right);

    public static Condition operator |(Event left, Event right) => new AnyOf(left.Simulation, left, right);

    /// <summary>Used by the constructor of events that are scheduled at creation (timeouts).</summary>
    private protected void MarkTriggered(object? value)
    {
        IsOk = true;
        Value = value;
        _state = EventState.Triggered;
    }

    internal void AddCallbackObject(object callback)
    {
        if (_state == EventState.Processed)
        {
            throw new InvalidOperationException("The event has already been processed; its callbacks have run.");
        }

        if (_callback is null && _moreCallbacks is null)
        {
            _callback = callback;
        }
        else
        {
            (_moreCallbacks ??= new List<object>(2)).Add(callback);
        }
    }

    internal void RemoveCallbackObject(object callback)
    {
        if (ReferenceEquals(_callback, callback))
        {
            _callback = null;
        }
        else
        {
            _moreCallbacks?.Remove(callback);
        }
    }

    /// <summary>Called by the simulation when the event comes due.</summary>
    internal virtual void Fire()
    {
        _state = EventState.Processed;
        var first = _callback;
        _callback = null;
        if (first is not null)
        {
            Invoke(first);
        }

        var more = _moreCallbacks;
        if (more is not null)
        {
            _moreCallbacks = null;
            foreach (var callback in more)
            {
                Invoke(callback);
            }
        }
    }

    private void Invoke(object callback)
    {
        if (callback is Process process)
        {
            process.Resume(this);
        }
        else if (callback is Action<Event> action)
        {
            action(this);
        }
        else
        {
            Process.Deliver(callback, this);
        }
    }

    private void EnsurePending()
    {
        if (_state != EventState.Pending)
        {
            throw new InvalidOperationException("The event has already been triggered.");
        }
    }

    private enum EventState : byte
    {
        Pending,
        Triggered,
        Processed,
    }
}
