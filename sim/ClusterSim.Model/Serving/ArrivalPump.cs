using ClusterSim.Engine.Core;

namespace ClusterSim.Model.Serving;

/// <summary>Reads the next item of a source lazily.</summary>
internal delegate bool TryNextItem<TItem>(out TItem item);

/// <summary>
/// Keeps exactly one pending arrival of a source on the allocation-free path: when it comes due it
/// is handed over and the next one is read. Memory stays constant however long the traffic is.
/// Used by the video and avatar services (text has its own, for closed-loop follow-ups).
/// </summary>
internal sealed class ArrivalPump<TItem>(
    Simulation simulation, TryNextItem<TItem> tryNext, Func<TItem, long> arrivalNs, Action<TItem> onArrival, Action onExhausted)
    : IEventHandler
{
    private TItem _next = default!;

    /// <summary>Schedule the next arrival; false when the source is empty.</summary>
    public bool ScheduleNext()
    {
        if (!tryNext(out _next))
        {
            return false;
        }

        simulation.ScheduleAt(Math.Max(arrivalNs(_next), simulation.Now), this);
        return true;
    }

    public void OnEvent(int opcode, int arg)
    {
        onArrival(_next);
        if (!ScheduleNext())
        {
            onExhausted();
        }
    }
}
