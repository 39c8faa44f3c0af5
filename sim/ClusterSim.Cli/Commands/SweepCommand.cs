using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ClusterSim.Analysis.Jobs;
using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim sweep [FILE] --set a=1,2,4 --set b=x,y [--replications R] [--parallel N] [--shard i/N] [--out DIR]</c>:
/// the cartesian product of the listed values, every point and replication run in parallel, results
/// in sweep.csv, sweep.json, runs.csv and charts; with <c>--shard</c>, one slice into a shard file
/// for <c>clustersim merge</c>.
/// </summary>
internal static class SweepCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string?>("file") { Description = "Scenario file (default: the embedded default scenario).", Arity = ArgumentArity.ZeroOrOne };
        var set = new Option<string[]>("--set")
        {
            Description = "PATH=V1,V2,... sweeps a scenario value over the listed values (the grid is their cartesian product); "
                          + "PATH=VALUE with one value is a plain override. Values are YAML; commas inside [..], {..} or quotes do not split. Repeatable.",
            HelpName = "PATH=V1,V2,...",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var replications = new Option<int?>("--replications") { Description = "Runs per point with seeds seed, seed+1, ... (default: run.replications of the scenario); 2 or more give confidence intervals." };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (default: one per core)." };
        var shard = new Option<string?>("--shard") { Description = "Run only slice i of N (points with index % N == i) and write shard-i-of-N.json for 'clustersim merge'.", HelpName = "i/N" };
        var outDir = new Option<string?>("--out") { Description = "Output directory (default: out/<scenario name>/sweep)." };
        var confidence = new Option<double>("--confidence") { Description = "Confidence level of the intervals.", DefaultValueFactory = _ => 0.95 };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar." };
        var command = new Command("sweep", "Run a scenario over a grid of parameter values, with replications and confidence intervals");
        command.Arguments.Add(file);
        command.Options.Add(set);
        command.Options.Add(replications);
        command.Options.Add(parallel);
        command.Options.Add(shard);
        command.Options.Add(outDir);
        command.Options.Add(confidence);
        command.Options.Add(quiet);
        var jobs = new JobOptions();
        jobs.AddTo(command);
        command.SetAction(parsed =>
        {
            try
            {
                var slice = parsed.GetValue(shard) is { } text ? ShardSpec.Parse(text) : (ShardSpec?)null;
                CliErrors.CheckParallel(parsed.GetValue(parallel));
                if (CliErrors.RejectEmptyPath("--out", parsed.GetValue(outDir), stderr))
                {
                    return ExitCodes.BadInput;
                }

                var asJobs = jobs.Requested(parsed, parsed.GetValue(shard));
                var plan = Sweep.Prepare(parsed.GetValue(file), parsed.GetValue(set) ?? [], parsed.GetValue(replications), parsed.GetValue(confidence));
                if (asJobs)
                {
                    var jobDir = parsed.GetValue(outDir) ?? Path.Combine("out", plan.ScenarioName, "sweep");
                    var count = jobs.Count(parsed, plan.PointCount, "points");
                    JobArray Job(Func<string, string> path)
                    {
                        var args = new List<string> { "sweep" };
                        if (parsed.GetValue(file) is { } f)
                        {
                            args.Add(path(f));
                        }

                        foreach (var s in parsed.GetValue(set) ?? [])
                        {
                            args.AddRange(["--set", s]);
                        }

                        if (parsed.GetValue(replications) is { } r)
                        {
                            args.AddRange(["--replications", r.ToString(CultureInfo.InvariantCulture)]);
                        }

                        args.AddRange(["--confidence", parsed.GetValue(confidence).ToString("R", CultureInfo.InvariantCulture), "--parallel", JobArray.ThreadsToken, "--quiet", "--shard", JobArray.ShardToken, "--out", path(jobDir)]);
                        return new JobArray(plan.ScenarioName, count, path(jobDir), "shard", args, ["merge", path(jobDir), "--out", path(jobDir), "--force"]);
                    }

                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sweep '{plan.ScenarioName}': {plan.PointCount} point(s) x {plan.Replications} replication(s) as {count} shard(s)"));
                    return jobs.Write(parsed, Job(Path.GetFullPath), Job(p => p), jobDir, "sweep.csv, sweep.json, runs.csv, charts", stdout);
                }

                var threads = parsed.GetValue(parallel) > 0 ? parsed.GetValue(parallel) : Environment.ProcessorCount;
                var runs = plan.RunCount(slice);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"sweep '{plan.ScenarioName}': {plan.PointCount} point(s) x {plan.Replications} replication(s){(slice is { } s ? $", shard {s}" : "")}: {runs} run(s) on {threads} thread(s)"));
                var bar = parsed.GetValue(quiet) || Console.IsErrorRedirected || stderr != Console.Error ? null : new ProgressBar(stderr);
                var result = Sweep.Run(plan, slice, threads, progress: bar is null ? null : bar.Report);
                bar?.Clear();

                var dir = parsed.GetValue(outDir) ?? Path.Combine("out", plan.ScenarioName, "sweep");
                if (slice is { } part)
                {
                    var path = result.WriteShard(dir);
                    stdout.WriteLine($"wrote {path} ({result.PointCount} of {plan.PointCount} points); when every shard is done: clustersim merge {dir}");
                }
                else
                {
                    foreach (var path in result.WriteOutputs(dir))
                    {
                        stdout.WriteLine($"wrote {path}");
                    }
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex) when (CliErrors.IsInputError(ex))
            {
                return CliErrors.Report(ex, stderr);
            }
        });
        return command;
    }

    /// <summary>A one-line bar on stderr: runs done, percentage, elapsed and an ETA from the mean time per run so far.</summary>
    private sealed class ProgressBar(TextWriter stderr)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Lock _gate = new();
        private TimeSpan? _last;

        public void Report(int done, int total)
        {
            lock (_gate)
            {
                if (done < total && _last is { } last && _clock.Elapsed - last < TimeSpan.FromMilliseconds(200))
                {
                    return;
                }

                _last = _clock.Elapsed;
                const int Width = 30;
                var filled = total == 0 ? Width : done * Width / total;
                var elapsed = _clock.Elapsed;
                var eta = done == 0 ? "?" : Format(elapsed * ((double)(total - done) / done));
                stderr.Write(string.Create(CultureInfo.InvariantCulture,
                    $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total} runs {100.0 * done / Math.Max(1, total),5:F1} %  elapsed {Format(elapsed)}  ETA {eta}   "));
            }
        }

        public void Clear() => stderr.Write("\r" + new string(' ', 90) + "\r");

        private static string Format(TimeSpan t)
            => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }
}
