using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Resources;

/// <summary>
/// A resource whose waiting requests are served by priority (lower first), then by arrival.
/// </summary>
public class PriorityResource : Resource
{
    private readonly SortedSet<Request> _waiting = new(RequestOrder.Instance);

    public PriorityResource(Simulation simulation, int capacity = 1)
        : base(simulation, capacity)
    {
    }

    protected override int WaitingCount => _waiting.Count;

    public Request Request(int priority) => Enqueue(NewRequest(priority, false));

    private protected override void AddWaiting(Request request) => _waiting.Add(request);

    private protected override bool RemoveWaiting(Request request) => _waiting.Remove(request);

    private protected override Request? PeekWaiting() => _waiting.Count == 0 ? null : _waiting.Min;

    private sealed class RequestOrder : IComparer<Request>
    {
        public static readonly RequestOrder Instance = new();

        public int Compare(Request? x, Request? y)
        {
            var c = x!.Priority.CompareTo(y!.Priority);
            if (c != 0)
            {
                return c;
            }

            c = x.RequestTime.CompareTo(y.RequestTime);
            return c != 0 ? c : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
