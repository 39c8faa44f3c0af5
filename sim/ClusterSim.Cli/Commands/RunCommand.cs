using System.CommandLine;
using ClusterSim.Analysis.Accuracy;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Analysis.Timeline;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim run [FILE] [--out DIR] [--seed N] [--set PATH=VALUE]</c>: simulate a scenario (the embedded
/// default without FILE) with <see cref="ClusterRun"/>, write its outputs with <see cref="RunOutputs"/>
/// (summary.json, requests.csv, power.csv, charts/, report.html, timeline.json; atomic, owned files only,
/// one run per folder at a time) and print the summary table. Parsing and printing only.
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string?>("file") { Description = "Scenario file (default: the embedded default scenario).", Arity = ArgumentArity.ZeroOrOne };
        var outDir = new Option<string?>("--out") { Description = "Output directory (default: out/<scenario name>)." };
        var seed = ScenarioOptions.CreateSeed();
        var noRequests = new Option<bool>("--no-requests") { Description = "Do not write requests.csv (text) nor video-requests.csv, image-requests.csv and avatar-sessions.csv." };
        var stable = new Option<bool>("--stable") { Description = "Leave wall-clock figures out of summary.json, so equal runs give equal bytes." };
        var quiet = new Option<bool>("--quiet") { Description = "Only errors and the summary table: no progress line, no notes, no list of files written." };
        var noCharts = new Option<bool>("--no-charts") { Description = "Do not write charts/ (PNG and SVG)." };
        var noReport = new Option<bool>("--no-report") { Description = "Do not write report.html." };
        var timeline = new Option<bool>("--timeline") { Description = "Write timeline.json (Chrome trace events; open in Perfetto). For small runs." };
        var timelineEvents = new Option<int>("--timeline-events") { Description = "Most events in timeline.json.", DefaultValueFactory = _ => ChromeTraceRecorder.DefaultMaxEvents };
        var set = ScenarioOptions.CreateSet();
        var force = new Option<bool>("--force") { Description = "Run even when the run's estimate (arrivals, requests.csv size) is past its limits." };
        var command = new Command("run", "Run a scenario and report latency, throughput and utilization") { file, outDir, seed, set, noRequests, stable, quiet, noCharts, noReport, timeline, timelineEvents, force };
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(timelineEvents) < 1)
            {
                stderr.WriteLine($"error: --timeline-events: expected a positive number of events, got {parsed.GetValue(timelineEvents)}");
                return ExitCodes.BadInput;
            }

            var scenario = ScenarioOptions.TryLoad(parsed.GetValue(file), parsed.GetValue(set), stderr);
            if (scenario is null || CliErrors.RejectEmptyPath("--out", parsed.GetValue(outDir), stderr))
            {
                return ExitCodes.BadInput;
            }

            var compiled = ScenarioOptions.TryCompile(scenario, parsed.GetValue(seed), stderr);
            if (compiled is null)
            {
                return ExitCodes.BadInput;
            }

            if (!parsed.GetValue(force) && RunEstimate.Of(compiled).Refusal(!parsed.GetValue(noRequests)) is { } refusal)
            {
                stderr.WriteLine($"{scenario.SourcePath ?? scenario.Name}: error: {refusal}");
                return ExitCodes.BadInput;
            }

            using var signals = new CancelOnSignal();
            try
            {
                using var outputs = RunOutputs.Open(new RunOutputOptions
                {
                    Directory = parsed.GetValue(outDir) ?? Path.Combine("out", scenario.Name),
                    Requests = !parsed.GetValue(noRequests), Charts = !parsed.GetValue(noCharts), Report = !parsed.GetValue(noReport),
                    Timeline = parsed.GetValue(timeline), TimelineEvents = parsed.GetValue(timelineEvents), Stable = parsed.GetValue(stable),
                });
                var result = RunProgress.Run(parsed.GetValue(quiet), stderr, scenario,
                    progress => ClusterRun.Execute(compiled, new RunOptions { Progress = progress, Cancellation = signals.Token }, outputs.Observers));
                var written = outputs.Commit(result, compiled, signals.Token);
                SummaryTable.Print(stdout, result, parsed.GetValue(quiet) ? [] : result.Notes);
                if (!parsed.GetValue(quiet) && scenario.Measured is { Figures.Count: > 0 } measured)
                {
                    // What the real system measured, beside this run (summary.json's measured section).
                    stdout.WriteLine();
                    stdout.Write(AccuracyReport.Text([new AccuracyResult(scenario.SourcePath ?? scenario.Name, scenario.Name, null, measured, AccuracyCheck.Compare(measured, result))]));
                }

                stdout.Write(parsed.GetValue(quiet) ? "" : $"wrote {string.Join(", ", written.Take(written.Count - 1))}{(written.Count > 1 ? " and " : "")}{written[^1]}{Environment.NewLine}");
                if (outputs.Timeline is { Capped: true } trace)
                {
                    stdout.WriteLine($"note: timeline.json stops at {trace.EventsWritten} events ({trace.EventsOmitted} left out); raise --timeline-events or shorten the run");
                }

                return ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
            {
                stderr.WriteLine("run cancelled: nothing was written, earlier outputs are as they were");
                return signals.ExitCode;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException
                                           or InvalidOperationException or Model.Workloads.Traces.TraceFormatException)
            {
                // The same failures a sweep counts as bad input for a run (Sweep.Run), so a scenario that
                // fails there fails here with the same exit code. Disposing the outputs removed their temporaries.
                stderr.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
