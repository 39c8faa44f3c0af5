namespace ClusterSim.Engine.Core;

/// <summary>
/// A process written as an iterator of events: each <c>yield return</c> waits for that event.
/// The process is itself an event that succeeds when the iterator ends, so others can wait for it.
/// </summary>
public sealed class Process : Event
{
    private readonly IEnumerator<Event> _generator;
    private Event? _target;
    private bool _faultPending;
    private bool _hasReturnValue;
    private object? _returnValue;
    private int _returnPriority = EventPriority.Normal;

    internal Process(Simulation simulation, IEnumerable<Event> generator, int priority)
        : base(simulation)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator.GetEnumerator();
        simulation.ScheduleStart(this, priority);
    }

    /// <summary>The event the process is waiting for, if any.</summary>
    public Event? Target => _target;

    /// <summary>The cause of the last interrupt, until the process handles it.</summary>
    public object? InterruptCause { get; private set; }

    /// <summary>
    /// Call right after a <c>yield return</c> that may have failed (or been interrupted): returns
    /// true and clears the fault when the awaited event failed, so the process can react.
    /// A fault left unhandled stops the simulation with <see cref="EventFailedException"/>.
    /// </summary>
    public bool HandleFault()
    {
        if (!_faultPending)
        {
            return false;
        }

        _faultPending = false;
        return true;
    }

    /// <summary>
    /// Interrupt the process: it stops waiting for its current event and resumes, urgently, with
    /// a failed event whose value is an <see cref="Interruption"/> carrying <paramref name="cause"/>.
    /// </summary>
    public void Interrupt(object? cause = null)
    {
        if (IsTriggered)
        {
            throw new InvalidOperationException("A finished process cannot be interrupted.");
        }

        if (ReferenceEquals(Simulation.ActiveProcess, this))
        {
            throw new InvalidOperationException("A process cannot interrupt itself.");
        }

        var interruption = new Event(Simulation);
        interruption.AddCallbackObject(new InterruptDelivery(this));
        interruption.Fail(new Interruption(cause), EventPriority.Urgent);
    }

    /// <summary>
    /// Called by the process itself (<c>Simulation.ActiveProcess.Succeed(42); yield break;</c>):
    /// sets the value the process ends with, SimPy's <c>return value</c>. The process event
    /// succeeds with it (at <paramref name="priority"/>) when the generator ends, so waiters see it and
    /// <see cref="Simulation.Run(Event)"/> returns it. Yielding again after this is an error.
    /// Other code cannot succeed a process; wait for it or interrupt it instead.
    /// </summary>
    public new Process Succeed(object? value = null, int priority = EventPriority.Normal)
    {
        if (!ReferenceEquals(Simulation.ActiveProcess, this))
        {
            throw new InvalidOperationException(
                "Only the process itself sets its value (Simulation.ActiveProcess.Succeed(value), then yield break); other code waits for it or interrupts it.");
        }

        if (_hasReturnValue)
        {
            throw new InvalidOperationException("The process has already set its value.");
        }

        _returnPriority = priority;
        _hasReturnValue = true;
        _returnValue = value;
        return this;
    }

    internal void Start() => Resume(null);

    internal void Resume(Event? trigger)
    {
        var simulation = Simulation;
        var previous = simulation.ActiveProcess;
        simulation.ActiveProcess = this;
        try
        {
            while (true)
            {
                if (trigger is not null && !trigger.IsOk)
                {
                    _faultPending = true;
                    if (trigger.Value is Interruption interruption)
                    {
                        InterruptCause = interruption.Cause;
                    }
                }

                _target = null;
                var moved = _generator.MoveNext();
                if (_faultPending)
                {
                    var cause = trigger?.Value;
                    _faultPending = false;
                    throw new EventFailedException(cause is Interruption i ? i.Cause : cause);
                }

                if (!moved)
                {
                    _generator.Dispose();
                    base.Succeed(_returnValue, _returnPriority);
                    return;
                }

                if (_hasReturnValue)
                {
                    throw new InvalidOperationException(
                        "A process set its value with Succeed and then yielded again; end it with yield break after Succeed.");
                }

                var next = _generator.Current
                    ?? throw new InvalidOperationException("A process yielded null; yield an event to wait for.");
                if (next.IsProcessed)
                {
                    // Already happened: continue at once with its outcome, as SimSharp does.
                    trigger = next;
                    continue;
                }

                _target = next;
                next.AddCallbackObject(this);
                return;
            }
        }
        finally
        {
            simulation.ActiveProcess = previous;
        }
    }

    private void DeliverInterrupt(Event interruption)
    {
        if (IsTriggered)
        {
            return; // finished before the interrupt came due
        }

        _target?.RemoveCallbackObject(this);
        Resume(interruption);
    }

    /// <summary>Wraps the process so the interrupt event routes to DeliverInterrupt, not Resume.</summary>
    private sealed class InterruptDelivery(Process process)
    {
        public void Deliver(Event e) => process.DeliverInterrupt(e);
    }

    internal static void Deliver(object delivery, Event e) => ((InterruptDelivery)delivery).Deliver(e);

}
