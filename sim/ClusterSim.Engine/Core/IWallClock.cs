namespace ClusterSim.Engine.Core;

/// <summary>
/// The wall clock a pseudo-real-time run is paced against (<see cref="Simulation.SetRealtime"/>).
/// The default reads a stopwatch and sleeps the thread; tests pass a fake one that advances on
/// Sleep, so pacing is checked without waiting.
/// </summary>
public interface IWallClock
{
    /// <summary>Wall time elapsed since some fixed origin.</summary>
    TimeSpan Elapsed { get; }

    /// <summary>Block for <paramref name="duration"/> of wall time.</summary>
    void Sleep(TimeSpan duration);
}
