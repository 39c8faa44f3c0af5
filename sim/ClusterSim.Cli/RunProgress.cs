using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Scenarios;

namespace ClusterSim.Cli;

/// <summary>The one-line progress display of a run on a terminal: simulated time, share of arrivals, wall time.</summary>
internal static class RunProgress
{
    /// <summary>Null when quiet or when stderr is not a terminal (a redirected log gets no carriage returns).</summary>
    public static Action<long>? Create(bool quiet, TextWriter stderr, Scenario scenario)
    {
        if (quiet || Console.IsErrorRedirected)
        {
            return null;
        }

        var end = (scenario.Run.WarmupSeconds + (scenario.Run.DurationSeconds ?? 0)) * SimTime.Second;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        return now =>
        {
            if (clock.Elapsed - last < TimeSpan.FromMilliseconds(250))
            {
                return;
            }

            last = clock.Elapsed;
            var pct = end > 0 ? Math.Min(100, 100.0 * now / end) : 0;
            stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\rsimulated {SimTime.ToSeconds(now),10:F1} s ({pct,5:F1} % of arrivals)  wall {clock.Elapsed.TotalSeconds,6:F1} s"));
        };
    }

    /// <summary>Clears the progress line, when there was one.</summary>
    public static void Clear(Action<long>? progress, TextWriter stderr)
    {
        if (progress is not null)
        {
            stderr.Write("\r" + new string(' ', 70) + "\r");
        }
    }
}
