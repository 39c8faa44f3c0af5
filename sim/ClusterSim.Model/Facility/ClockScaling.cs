namespace ClusterSim.Model.Facility;

/// <summary>
/// How a lowered clock (DVFS, thermal throttling, power capping) changes power and speed.
/// </summary>
/// <remarks>
/// Dynamic power is C V^2 f; the voltage falls linearly with the clock down to a floor
/// (<see cref="VoltageCurve"/>), below which power falls only linearly with the clock, while idle
/// (leakage, memory refresh) stays. Compute-bound work
/// runs at the clock; memory-bound work is paced by memory bandwidth, which a core clock change
/// does not touch. So a step with compute-bound share f that takes d at full clock takes
/// d (f / clock + 1 - f) at a lower one.
/// </remarks>
public static class ClockScaling
{
    /// <summary>Factor on the compute units' dynamic power at <paramref name="clock"/> under the default voltage curve: clock x V(clock)^2.</summary>
    public static double DynamicPowerFactor(double clock) => VoltageCurve.Default.DynamicPowerFactor(clock);

    /// <summary>Duration at <paramref name="clock"/> of a step that takes <paramref name="durationNs"/> at full clock.</summary>
    public static long Stretch(long durationNs, double computeBoundFraction, double clock)
    {
        if (durationNs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(durationNs), durationNs, "a duration cannot be negative");
        }

        return (long)Math.Round(durationNs * TimeFactor(computeBoundFraction, clock));
    }

    /// <summary>Factor on a step's duration at <paramref name="clock"/>: f / clock + 1 - f (1 at full clock).</summary>
    public static double TimeFactor(double computeBoundFraction, double clock)
    {
        CheckClock(clock);
        if (!(computeBoundFraction >= 0 && computeBoundFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(computeBoundFraction), computeBoundFraction, "expected a fraction in [0, 1]");
        }

        return (computeBoundFraction / clock) + 1 - computeBoundFraction;
    }

    internal static void CheckClock(double clock)
    {
        if (!(clock > 0 && clock <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(clock), clock, "a clock factor must lie in (0, 1]");
        }
    }
}
