using System.Globalization;
using ClusterSim.Engine.Core;

namespace ClusterSim.Cli;

/// <summary>
/// Progress for a stderr that is not a terminal (a log file, CI): one plain line every <see cref="Every"/> of wall
/// time, with simulated time, the share of the run done and an estimate of the wall time left. No carriage returns or
/// escape codes, so a log reads as lines.
/// </summary>
/// <param name="endSeconds">Simulated time the run ends at (warm-up plus duration); 0 when only run.requests ends it.</param>
/// <param name="wall">Wall time since the run started (a stopwatch; a fake clock in tests).</param>
internal sealed class PlainProgress(TextWriter stderr, double endSeconds, Func<TimeSpan> wall)
{
    /// <summary>Often enough that a long job in CI shows it is alive, rarely enough not to flood the log.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    private TimeSpan _next = Every;

    /// <summary>Called by the run with the simulated time in ns; prints when the next 10 s of wall time have passed.</summary>
    public void Report(long nowNs)
    {
        var elapsed = wall();
        if (elapsed < _next)
        {
            return;
        }

        // Skip over missed periods rather than printing a burst after a long stall.
        while (_next <= elapsed)
        {
            _next += Every;
        }

        stderr.WriteLine(Line(SimTime.ToSeconds(nowNs), endSeconds, elapsed));
    }

    /// <summary>
    /// <c>progress: simulated 120.0 s of 305.0 s (39.3 %), wall 10 s, ETA 15 s</c>; the ETA assumes the rest runs at the
    /// pace so far. Without an end time the share and ETA are unknown and the line says why.
    /// </summary>
    public static string Line(double simulatedSeconds, double endSeconds, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        if (endSeconds <= 0)
        {
            return string.Create(inv, $"progress: simulated {simulatedSeconds:F1} s, wall {elapsed.TotalSeconds:F0} s (no end time: run.requests ends the run, so no ETA)");
        }

        var share = Math.Clamp(simulatedSeconds / endSeconds, 0, 1);
        var eta = share > 0 ? $"ETA {elapsed.TotalSeconds * (1 - share) / share:F0} s" : "ETA unknown";
        return string.Create(inv, $"progress: simulated {simulatedSeconds:F1} s of {endSeconds:F1} s ({100 * share:F1} %), wall {elapsed.TotalSeconds:F0} s, {eta}");
    }
}
