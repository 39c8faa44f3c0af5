namespace ClusterSim.Engine.Core;

/// <summary>
/// Holds each entry back until the wall clock has caught up with it. The origin is taken again at
/// the start of every run, so a pause between two Run calls is not "caught up" at full speed.
/// </summary>
internal sealed class RealtimePacer(IWallClock clock, double scale)
{
    private long _simOrigin;
    private TimeSpan _wallOrigin;

    public double Scale => scale;

    public void Restart(long now)
    {
        _simOrigin = now;
        _wallOrigin = clock.Elapsed;
    }

    public void WaitFor(long simTime)
    {
        // Simulated ns ahead of the origin, divided by the scale, is the wall time it is due at.
        var dueTicks = (simTime - _simOrigin) / scale / 100.0;
        var due = _wallOrigin + TimeSpan.FromTicks((long)Math.Min(dueTicks, TimeSpan.MaxValue.Ticks / 2.0));
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            clock.Sleep(wait);
        }
    }
}
