using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>
/// The events waiting for a state of a resource, store or container (WhenAny, WhenFull, ...).
/// Created on the first When* call, so a component nobody waits on pays one null check per change.
/// A waiter whose state already holds succeeds at once; WhenChange waiters (no predicate) succeed
/// on the next change.
/// </summary>
internal sealed class ConditionWaiters
{
    private readonly List<(Event Event, Func<bool>? Holds)> _waiting = new();

    public Event Add(Simulation simulation, Func<bool>? holds)
    {
        var e = new Event(simulation);
        if (holds is not null && holds())
        {
            e.Succeed();
        }
        else
        {
            _waiting.Add((e, holds));
        }

        return e;
    }

    /// <summary>Called after every change of state: succeed (and drop) the waiters whose state now holds.</summary>
    public void Changed()
    {
        var kept = 0;
        for (var i = 0; i < _waiting.Count; i++)
        {
            var (e, holds) = _waiting[i];
            if (holds is null || holds())
            {
                e.Succeed();
            }
            else
            {
                _waiting[kept++] = _waiting[i];
            }
        }

        _waiting.RemoveRange(kept, _waiting.Count - kept);
    }
}
