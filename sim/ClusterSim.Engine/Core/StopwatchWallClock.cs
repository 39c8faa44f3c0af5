using System.Diagnostics;

namespace ClusterSim.Engine.Core;

/// <summary>The real wall clock: a monotonic stopwatch and Thread.Sleep.</summary>
internal sealed class StopwatchWallClock : IWallClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public TimeSpan Elapsed => _watch.Elapsed;

    public void Sleep(TimeSpan duration) => Thread.Sleep(duration);
}
