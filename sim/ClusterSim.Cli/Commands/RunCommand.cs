using System.CommandLine;
using System.Globalization;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim run [FILE] [--out DIR] [--seed N] [--set PATH=VALUE]</c>: simulate a scenario (the
/// embedded default without FILE), print a summary table and write summary.json, requests.csv and
/// power.csv (site and rack power over time).
/// Files are written under temporary names and renamed at the end, so a failed run leaves no
/// half-written output.
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string?>("file") { Description = "Scenario file (default: the embedded default scenario).", Arity = ArgumentArity.ZeroOrOne };
        var outDir = new Option<string?>("--out") { Description = "Output directory (default: out/<scenario name>)." };
        var seed = new Option<ulong?>("--seed") { Description = "Random seed (overrides run.seed)." };
        var noRequests = new Option<bool>("--no-requests") { Description = "Do not write requests.csv." };
        var stable = new Option<bool>("--stable") { Description = "Leave wall-clock figures out of summary.json, so equal runs give equal bytes." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress line." };
        var set = ScenarioOptions.CreateSet();
        var command = new Command("run", "Run a scenario and report latency, throughput and utilization");
        command.Arguments.Add(file);
        command.Options.Add(outDir);
        command.Options.Add(seed);
        command.Options.Add(set);
        command.Options.Add(noRequests);
        command.Options.Add(stable);
        command.Options.Add(quiet);
        command.SetAction(parsed =>
        {
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

            var dir = parsed.GetValue(outDir) ?? Path.Combine("out", scenario.Name);
            Directory.CreateDirectory(dir);
            var summaryPath = Path.Combine(dir, "summary.json");
            var requestsPath = Path.Combine(dir, "requests.csv");
            var partial = new List<(string Temp, string Final)>();
            CsvRequestLog? log = null;
            try
            {
                if (!parsed.GetValue(noRequests))
                {
                    partial.Add((requestsPath + ".partial", requestsPath));
                    log = new CsvRequestLog(new StreamWriter(requestsPath + ".partial", false, new System.Text.UTF8Encoding(false), 1 << 16));
                }

                var sim = new Simulation(compiled.Setup.Seed);
                var cluster = new ServingCluster(sim, compiled.Setup, log);
                var progress = parsed.GetValue(quiet) || Console.IsErrorRedirected ? null : Progress(stderr, scenario);
                var result = cluster.Run(progress);
                if (progress is not null)
                {
                    stderr.Write("\r" + new string(' ', 70) + "\r");
                }

                log?.Dispose();
                log = null;
                partial.Add((summaryPath + ".partial", summaryPath));
                File.WriteAllText(summaryPath + ".partial", SummaryJson.Write(result, includeWallClock: !parsed.GetValue(stable)));
                var powerPath = Path.Combine(dir, "power.csv");
                if (result.Facility is { } facility)
                {
                    partial.Add((powerPath + ".partial", powerPath));
                    File.WriteAllText(powerPath + ".partial", PowerCsv.Write(facility));
                }

                foreach (var (temp, final) in partial)
                {
                    File.Move(temp, final, overwrite: true);
                }

                SummaryTable.Print(stdout, result, compiled.Notes);
                var written = partial.Select(p => p.Final).ToList();
                stdout.WriteLine($"wrote {string.Join(", ", written[..^1])}{(written.Count > 1 ? " and " : "")}{written[^1]}");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Model.Workloads.Traces.TraceFormatException)
            {
                log?.Dispose();
                foreach (var (temp, _) in partial)
                {
                    File.Delete(temp);
                }

                stderr.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
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
