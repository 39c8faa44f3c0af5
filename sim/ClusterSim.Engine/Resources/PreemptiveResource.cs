using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>
/// A priority resource where a request with <c>preempt</c> set takes a unit from the least
/// important current user if that user is strictly less important; the user's process is
/// interrupted with a <see cref="Preempted"/> cause.
/// </summary>
public sealed class PreemptiveResource : PriorityResource
{
    public PreemptiveResource(Simulation simulation, int capacity = 1)
        : base(simulation, capacity)
    {
    }

    public Request Request(int priority, bool preempt) => Enqueue(NewRequest(priority, preempt));

    private protected override void OnRequested(Request request)
    {
        if (!request.Preempt || InUse < Capacity)
        {
            return;
        }

        // Least important user: highest priority value, then the most recently granted.
        Request? victim = null;
        foreach (var user in Users)
        {
            if (victim is null || user.Priority > victim.Priority
                || (user.Priority == victim.Priority && user.GrantTime > victim.GrantTime))
            {
                victim = user;
            }
        }

        if (victim is null || victim.Priority <= request.Priority)
        {
            return;
        }

        Evict(victim);
        if (victim.Owner is { IsTriggered: false } owner)
        {
            owner.Interrupt(new Preempted(request.Owner, victim.GrantTime));
        }
    }
}
