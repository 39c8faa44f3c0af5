using System.CommandLine;
using System.Globalization;
using ClusterSim.Analysis.Charts;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Analysis.Report;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Analysis.Timeline;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim run [FILE] [--out DIR] [--seed N] [--set PATH=VALUE]</c>: simulate a scenario (the
/// embedded default without FILE), print a summary table and write summary.json, requests.csv,
/// power.csv (site and rack power over time), charts/ (PNG and SVG), report.html and, with --timeline,
/// timeline.json (Chrome trace events for Perfetto).
/// Files are written under temporary names and renamed at the end, so a failed run leaves no
/// half-written output.
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string?>("file") { Description = "Scenario file (default: the embedded default scenario).", Arity = ArgumentArity.ZeroOrOne };
        var outDir = new Option<string?>("--out") { Description = "Output directory (default: out/<scenario name>)." };
        var seed = ScenarioOptions.CreateSeed();
        var noRequests = new Option<bool>("--no-requests") { Description = "Do not write requests.csv." };
        var stable = new Option<bool>("--stable") { Description = "Leave wall-clock figures out of summary.json, so equal runs give equal bytes." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress line." };
        var noCharts = new Option<bool>("--no-charts") { Description = "Do not write charts/ (PNG and SVG)." };
        var noReport = new Option<bool>("--no-report") { Description = "Do not write report.html." };
        var timeline = new Option<bool>("--timeline") { Description = "Write timeline.json (Chrome trace events; open in Perfetto). For small runs." };
        var timelineEvents = new Option<int>("--timeline-events") { Description = "Most events in timeline.json.", DefaultValueFactory = _ => ChromeTraceRecorder.DefaultMaxEvents };
        var set = ScenarioOptions.CreateSet();
        var command = new Command("run", "Run a scenario and report latency, throughput and utilization");
        command.Arguments.Add(file);
        command.Options.Add(outDir);
        command.Options.Add(seed);
        command.Options.Add(set);
        command.Options.Add(noRequests);
        command.Options.Add(stable);
        command.Options.Add(quiet);
        command.Options.Add(noCharts);
        command.Options.Add(noReport);
        command.Options.Add(timeline);
        command.Options.Add(timelineEvents);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(timelineEvents) < 1)
            {
                stderr.WriteLine($"error: --timeline-events: expected a positive number of events, got {parsed.GetValue(timelineEvents)}");
                return ExitCodes.BadInput;
            }

            var scenario = ScenarioOptions.TryLoad(parsed.GetValue(file), parsed.GetValue(set), stderr);
            if (scenario is null)
            {
                return ExitCodes.BadInput;
            }

            CompiledScenario compiled;
            try
            {
                compiled = ScenarioCompiler.Compile(scenario, parsed.GetValue(seed));
            }
            catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException)
            {
                stderr.WriteLine($"{scenario.SourcePath ?? scenario.Name}: error: {ex.Message}");
                return ExitCodes.BadInput;
            }

            if (CliErrors.RejectEmptyPath("--out", parsed.GetValue(outDir), stderr))
            {
                return ExitCodes.BadInput;
            }

            var dir = parsed.GetValue(outDir) ?? Path.Combine("out", scenario.Name);
            var summaryPath = Path.Combine(dir, "summary.json");
            var requestsPath = Path.Combine(dir, "requests.csv");
            var partial = new List<(string Temp, string Final)>();
            CsvRequestLog? log = null;
            ChromeTraceRecorder? trace = null;
            var charts = !parsed.GetValue(noCharts);
            var report = !parsed.GetValue(noReport);
            var utilization = charts || report ? new UtilizationRecorder() : null;
            var committed = false;
            try
            {
                Directory.CreateDirectory(dir);
                if (!parsed.GetValue(noRequests))
                {
                    partial.Add((requestsPath + AtomicFile.Suffix, requestsPath));
                    log = new CsvRequestLog(new StreamWriter(requestsPath + AtomicFile.Suffix, false, new System.Text.UTF8Encoding(false), 1 << 16));
                }

                var latency = charts || report ? new LatencyOverTimeRecorder(log) : null;
                if (parsed.GetValue(timeline))
                {
                    var timelinePath = Path.Combine(dir, "timeline.json");
                    partial.Add((timelinePath + AtomicFile.Suffix, timelinePath));
                    trace = new ChromeTraceRecorder(File.Create(timelinePath + AtomicFile.Suffix), parsed.GetValue(timelineEvents), (IRequestLog?)latency ?? log);
                }

                var sim = new Simulation(compiled.Setup.Seed);
                var cluster = new ServingCluster(sim, compiled.Setup, (IRequestLog?)trace ?? (IRequestLog?)latency ?? log, ReplicaTracers.Combine(trace, utilization));
                var progress = parsed.GetValue(quiet) || Console.IsErrorRedirected ? null : Progress(stderr, scenario);
                var result = cluster.Run(progress);
                if (progress is not null)
                {
                    stderr.Write("\r" + new string(' ', 70) + "\r");
                }

                log?.Dispose();
                log = null;
                trace?.Complete(result);
                trace?.Dispose();
                partial.Add((summaryPath + AtomicFile.Suffix, summaryPath));
                File.WriteAllText(summaryPath + AtomicFile.Suffix, SummaryJson.Write(result, includeWallClock: !parsed.GetValue(stable)));
                var chartList = charts || report ? RunCharts.Create(result, new RunChartOptions { Scenario = scenario, Utilization = utilization, LatencyOverTime = latency }) : [];
                if (charts)
                {
                    var chartsTemp = Path.Combine(dir, "charts" + AtomicFile.Suffix);
                    AtomicFile.DeleteQuietly(chartsTemp); // a folder left by a killed run would mix its charts into ours
                    partial.Add((chartsTemp, Path.Combine(dir, "charts")));
                    foreach (var chart in chartList)
                    {
                        chart.Save(chartsTemp);
                    }
                }

                if (report)
                {
                    var reportPath = Path.Combine(dir, "report.html");
                    partial.Add((reportPath + AtomicFile.Suffix, reportPath));
                    File.WriteAllText(reportPath + AtomicFile.Suffix, HtmlReport.Write(result, scenario, chartList, compiled.Notes));
                }

                var powerPath = Path.Combine(dir, "power.csv");
                if (result.Facility is { } facility)
                {
                    partial.Add((powerPath + AtomicFile.Suffix, powerPath));
                    File.WriteAllText(powerPath + AtomicFile.Suffix, PowerCsv.Write(facility));
                }

                foreach (var (temp, final) in partial)
                {
                    if (Directory.Exists(temp))
                    {
                        if (Directory.Exists(final))
                        {
                            Directory.Delete(final, recursive: true);
                        }

                        Directory.Move(temp, final);
                    }
                    else
                    {
                        File.Move(temp, final, overwrite: true);
                    }
                }

                committed = true;
                SummaryTable.Print(stdout, result, compiled.Notes);
                var written = partial.Select(p => p.Final).ToList();
                stdout.WriteLine($"wrote {string.Join(", ", written[..^1])}{(written.Count > 1 ? " and " : "")}{written[^1]}");
                if (trace is { Capped: true })
                {
                    stdout.WriteLine($"note: timeline.json stops at {trace.EventsWritten} events ({trace.EventsOmitted} left out); raise --timeline-events or shorten the run");
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException
                                           or InvalidOperationException or Model.Workloads.Traces.TraceFormatException)
            {
                // The same failures a sweep counts as bad input for a run (Sweep.Run), so a scenario
                // that fails there fails here with the same exit code.
                stderr.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
            finally
            {
                // Whatever ends the run early (the failures above, or one that escapes to the
                // top-level handler), no .partial file or folder is left behind.
                if (!committed)
                {
                    CloseQuietly(log);
                    CloseQuietly(trace);
                    foreach (var (temp, _) in partial)
                    {
                        AtomicFile.DeleteQuietly(temp);
                    }
                }
            }
        });
        return command;
    }

    /// <summary>Closes a writer on the way out of a failed run; a second failure must not hide the first.</summary>
    private static void CloseQuietly(IDisposable? writer)
    {
        try
        {
            writer?.Dispose();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException) // ObjectDisposedException included
        {
        }
    }

    private static Action<long> Progress(TextWriter stderr, Scenarios.Scenario scenario)
    {
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
}
