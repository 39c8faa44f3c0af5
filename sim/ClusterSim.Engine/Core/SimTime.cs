namespace ClusterSim.Engine.Core;

/// <summary>
/// Simulation time is a long count of nanoseconds: exact, totally ordered and free of the
/// rounding drift a double clock accumulates over a simulated day (2^63 ns is about 292 years).
/// </summary>
public static class SimTime
{
    public const long Nanosecond = 1;
    public const long Microsecond = 1_000;
    public const long Millisecond = 1_000_000;
    public const long Second = 1_000_000_000;
    public const long Minute = 60 * Second;
    public const long Hour = 60 * Minute;

    /// <summary>Seconds to nanoseconds, rounded to the nearest nanosecond.</summary>
    public static long FromSeconds(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0 || seconds > long.MaxValue / (double)Second)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "time must be finite and non-negative");
        }

        return (long)Math.Round(seconds * Second);
    }

    public static long FromMilliseconds(double milliseconds) => FromSeconds(milliseconds / 1e3);

    public static double ToSeconds(long nanoseconds) => nanoseconds / (double)Second;

    public static double ToMilliseconds(long nanoseconds) => nanoseconds / (double)Millisecond;
}
