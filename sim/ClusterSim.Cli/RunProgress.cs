using System.Diagnostics;
using ClusterSim.Engine.Core;
using ClusterSim.Scenarios;
using Spectre.Console;

namespace ClusterSim.Cli;

/// <summary>
/// How a run shows its progress: a Spectre.Console progress bar with the time left when stderr is a terminal, a
/// plain line every 10 s of wall time when it is not (<see cref="PlainProgress"/>), nothing with --quiet.
/// </summary>
internal static class RunProgress
{
    /// <summary>
    /// Runs <paramref name="body"/> with the progress callback to hand the run (null when quiet). On a terminal the bar
    /// is drawn for as long as the body runs and removed when it ends, so the table printed after starts clean.
    /// </summary>
    public static T Run<T>(bool quiet, TextWriter stderr, Scenario scenario, Func<Action<long>?, T> body)
    {
        if (quiet)
        {
            return body(null);
        }

        var endSeconds = scenario.Run.DurationSeconds is { } duration ? scenario.Run.WarmupSeconds + duration : 0;
        var terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        if (!terminal)
        {
            var clock = Stopwatch.StartNew();
            return body(new PlainProgress(stderr, endSeconds, () => clock.Elapsed).Report);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        return console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                // Without an end time (run.requests ends the run) the share is unknown: the bar stays indeterminate.
                var task = ctx.AddTask("simulating", maxValue: endSeconds > 0 ? endSeconds : 1);
                task.IsIndeterminate = endSeconds <= 0;
                return body(now =>
                {
                    var seconds = SimTime.ToSeconds(now);
                    task.Description = $"simulated {seconds:F1} s";
                    if (endSeconds > 0)
                    {
                        task.Value = Math.Min(seconds, endSeconds);
                    }
                });
            });
    }
}
