using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Tests.Core;

/// <summary>Shorthands the process tests share.</summary>
internal static class EventTestExtensions
{
    public static void AddCallbackAndSucceed(this Event e, Action<Event> callback, int priority)
    {
        e.AddCallback(callback);
        e.Succeed(null, priority);
    }
}
