namespace ClusterSim.Engine.Core;

/// <summary>
/// An event that triggers when a condition over other events holds. Its value is the list of the
/// events that had succeeded by then, in the order given. It fails as soon as one of them fails.
/// </summary>
public abstract class Condition : Event
{
    private readonly Event[] _events;
    private int _processed;

    protected Condition(Simulation simulation, Event[] events)
        : base(simulation)
    {
        _events = events ?? throw new ArgumentNullException(nameof(events));
        if (events.Length == 0)
        {
            Succeed(Array.Empty<Event>());
            return;
        }

        foreach (var e in events)
        {
            if (!ReferenceEquals(e.Simulation, simulation))
            {
                throw new ArgumentException("All events of a condition must belong to one simulation.", nameof(events));
            }

            if (e.IsProcessed)
            {
                Check(e);
            }
            else
            {
                e.AddCallback(Check);
            }
        }
    }

    public IReadOnlyList<Event> Events => _events;

    protected abstract bool Holds(int processed, int total);

    private void Check(Event e)
    {
        if (IsTriggered)
        {
            return;
        }

        _processed++;
        if (!e.IsOk)
        {
            Fail(e.Value);
        }
        else if (Holds(_processed, _events.Length))
        {
            Succeed(_events.Where(x => x.IsProcessed && x.IsOk).ToArray());
        }
    }
}
