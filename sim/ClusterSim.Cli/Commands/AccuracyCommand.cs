using System.CommandLine;
using System.Diagnostics;
using ClusterSim.Analysis.Accuracy;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim accuracy FILE|DIR... [--out DIR] [--set PATH=VALUE] [--seed N] [--no-capacity] [--replications N]
/// [--parallel N] [--strict] [--quiet] [--record FILE]</c>: runs scenarios that carry what their real systems measured
/// (<c>measured:</c>) and reports how far each simulated figure is from its measurement, with the criteria each gives;
/// the summary keeps checks apart from fits and gives the median error per configuration as well as per figure.
/// Every file is loaded and checked before anything runs, so bad input writes nothing (exit 2). Exit 1 with
/// <c>--strict</c> when a check misses its criterion, else 0. Writes accuracy.json, accuracy.csv, accuracy.html (a page to forward) and
/// charts of the checks' error by figure and of each checked figure against its measurement. <c>--record FILE</c> also
/// writes the validation record (every figure with the part, stack and architecture it ran on) that runs cite for their
/// own kind of deployment: <c>scenarios/catalog/validation-record.csv</c> when regenerated for the catalog.
/// </summary>
internal static class AccuracyCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Scenario files with a measured section, or folders: a folder's *.yaml files that have one. Each file runs as written and at each of its measured rows.",
            Arity = ArgumentArity.OneOrMore,
        };
        var outDir = new Option<string?>("--out") { Description = "Output directory (default: out/accuracy)." };
        var set = ScenarioOptions.CreateSet();
        var seed = ScenarioOptions.CreateSeed("Seed of every run (overrides run.seed).");
        var noCapacity = new Option<bool>("--no-capacity") { Description = "Do not search for measured capacities (each search is tens of runs); they are reported as not run." };
        var replications = new Option<int>("--replications") { Description = "Runs per rate of a capacity search, on common seeds.", DefaultValueFactory = _ => 3 };
        var parallel = new Option<int>("--parallel") { Description = "Capacity replications run at once (default: one per core)." };
        var strict = new Option<bool>("--strict") { Description = "Exit 1 when a check misses its criterion (fits do not count)." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress lines." };
        var record = new Option<string?>("--record")
        {
            Description = "Also write the validation record to this file (scenarios/catalog/validation-record.csv to refresh the shipped one): "
                          + "every figure with what it ran on, as runs cite it. Only for the files as written: not with --set, --seed, --fit or --no-capacity.",
        };
        var fit = new Option<string[]>("--fit")
        {
            Description = "Fit this roofline override (compute_efficiency, iteration_overhead, ...; repeat for more) to the figures of role fit, "
                          + "then report every case with the fitted values: the checks say how the fit generalises.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("accuracy", "Run scenarios that carry measurements and report the model's error on each figure, checks apart from fits")
        {
            files, outDir, set, seed, noCapacity, replications, parallel, strict, quiet, fit, record,
        };
        command.SetAction(parsed =>
        {
            using var signals = new CancelOnSignal();
            try
            {
                CliErrors.CheckParallel(parsed.GetValue(parallel));
                if (CliErrors.RejectEmptyPath("--out", parsed.GetValue(outDir), stderr))
                {
                    return ExitCodes.BadInput;
                }

                if (parsed.GetValue(replications) < 1)
                {
                    stderr.WriteLine($"error: --replications: expected a positive number of runs, got {parsed.GetValue(replications)}");
                    return ExitCodes.BadInput;
                }

                var recordPath = parsed.GetValue(record);
                if (CliErrors.RejectEmptyPath("--record", recordPath, stderr))
                {
                    return ExitCodes.BadInput;
                }

                if (recordPath is not null && RecordConflict(parsed.GetValue(set), parsed.GetValue(seed), parsed.GetValue(fit), parsed.GetValue(noCapacity)) is { } conflict)
                {
                    stderr.WriteLine($"error: --record: the record is of the files as written, every figure searched or run; {conflict} changes that: leave it out");
                    return ExitCodes.BadInput;
                }

                var sets = parsed.GetValue(set) ?? [];
                var scenarios = Load(parsed.GetValue(files) ?? [], sets, stderr);
                if (scenarios is null)
                {
                    return ExitCodes.BadInput;
                }

                var options = new AccuracyOptions
                {
                    Seed = parsed.GetValue(seed),
                    Capacity = !parsed.GetValue(noCapacity),
                    CapacityReplications = parsed.GetValue(replications),
                    Parallelism = parsed.GetValue(parallel),
                };
                FitResult? fitted = null;
                if (parsed.GetValue(fit) is { Length: > 0 } fitNames)
                {
                    var clock = Stopwatch.StartNew();
                    fitted = AccuracyFit.Fit(scenarios, fitNames, options.Seed, signals.Token);
                    stdout.Write(AccuracyReport.FitText(fitted));
                    if (!parsed.GetValue(quiet))
                    {
                        stderr.WriteLine($"fit: {fitted.Evaluations} points in {clock.Elapsed.TotalSeconds:F1} s");
                    }

                    scenarios = [.. scenarios.Select(c => AccuracyFit.Reloaded(c, fitted.Sets))];
                }

                var results = new List<AccuracyResult>();
                foreach (var (item, i) in scenarios.Select((s, i) => (s, i)))
                {
                    var clock = Stopwatch.StartNew();
                    results.Add(AccuracyCheck.Run(item, options, signals.Token));
                    if (!parsed.GetValue(quiet))
                    {
                        stderr.WriteLine($"[{i + 1}/{scenarios.Count}] {item.Scenario.Name}{(item.Row is { } row ? $" [{row}]" : "")}: {clock.Elapsed.TotalSeconds:F1} s");
                    }
                }

                stdout.Write(AccuracyReport.Text(results));
                var dir = parsed.GetValue(outDir) ?? Path.Combine("out", "accuracy");
                var csv = AccuracyReport.Csv(results);
                var json = AccuracyReport.Json(results, fitted);
                var charts = AccuracyReport.Charts(results);
                var html = AccuracyReport.Html(results, charts, fitted);
                Directory.CreateDirectory(dir);
                AtomicFile.WriteAllText(Path.Combine(dir, "accuracy.csv"), csv);
                AtomicFile.WriteAllText(Path.Combine(dir, "accuracy.html"), html);
                var (path, chartFiles) = ChartedJson.Write(dir, charts, "accuracy.json", json);
                stdout.WriteLine($"wrote {path}, accuracy.csv, accuracy.html and {chartFiles} chart file(s)");
                if (recordPath is not null)
                {
                    if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(recordPath)) is { } recordDir)
                    {
                        Directory.CreateDirectory(recordDir);
                    }

                    AtomicFile.WriteAllText(recordPath, AccuracyReport.Record(results));
                    stdout.WriteLine($"wrote the validation record {recordPath} ({results.Sum(r => r.Figures.Count)} figures)");
                }

                var missed = results.Where(r => r.Measured.Role == MeasuredRole.Check).SelectMany(r => r.Figures).Count(f => f.Met == false);
                return parsed.GetValue(strict) && missed > 0 ? ExitCodes.Failed : ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
            {
                stderr.WriteLine("accuracy cancelled: nothing was written");
                return signals.ExitCode;
            }
            catch (Exception ex) when (CliErrors.IsInputError(ex))
            {
                return CliErrors.Report(ex, stderr);
            }
        });
        return command;
    }

    /// <summary>The option that would make a record of something other than the files as written, or null.</summary>
    private static string? RecordConflict(string[]? sets, ulong? seed, string[]? fit, bool noCapacity)
        => sets is { Length: > 0 } ? "--set"
            : seed is not null ? "--seed"
            : fit is { Length: > 0 } ? "--fit"
            : noCapacity ? "--no-capacity"
            : null;

    /// <summary>
    /// Every case to run (a scenario as written, or one of its measured rows), loaded and compiled; null when any is bad (every error printed
    /// first). A folder gives its *.yaml files in name order and passes over those without a measured section, saying how
    /// many; a file named on its own must have one.
    /// </summary>
    private static List<AccuracyCase>? Load(IReadOnlyList<string> paths, IReadOnlyList<string> sets, TextWriter stderr)
    {
        var scenarios = new List<AccuracyCase>();
        var ok = true;
        foreach (var path in paths)
        {
            var inFolder = Directory.Exists(path);
            var files = inFolder ? Directory.GetFiles(path, "*.yaml").Order(StringComparer.Ordinal).ToList() : [path];
            var without = 0;
            foreach (var file in files)
            {
                if (!File.Exists(file))
                {
                    stderr.WriteLine($"{file}: error: no such file or folder");
                    ok = false;
                    continue;
                }

                var scenario = ScenarioOptions.TryLoad(file, sets, stderr);
                if (scenario is null)
                {
                    ok = false;
                    continue;
                }

                if (scenario.Measured is null)
                {
                    if (!inFolder)
                    {
                        stderr.WriteLine($"{file}: error: no measured section: give the figures the real system measured (measured: {{figures: {{ttft_p99: 450ms}}}}) to check the model against");
                        ok = false;
                    }

                    without++;
                    continue;
                }

                try
                {
                    // Every case compiles before anything runs: the file as written and each measured row with its overrides.
                    _ = ScenarioCompiler.Compile(scenario);
                    scenarios.AddRange(AccuracyCheck.Cases(scenario, sets));
                }
                catch (ScenarioException ex)
                {
                    ScenarioOptions.PrintErrors(ex, stderr);
                    ok = false;
                }
            }

            if (inFolder && without > 0)
            {
                stderr.WriteLine($"{path}: {without} of {files.Count} scenario file(s) have no measured section and are passed over");
            }
        }

        if (ok && scenarios.Count == 0)
        {
            stderr.WriteLine("error: no scenario with a measured section to run");
            return null;
        }

        return ok ? scenarios : null;
    }
}
