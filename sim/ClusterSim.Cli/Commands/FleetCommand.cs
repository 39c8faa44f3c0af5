using System.CommandLine;
using System.Globalization;
using ClusterSim.Analysis.Fleets;
using ClusterSim.Analysis.Jobs;
using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim fleet FILE [--shard i/N] [--out DIR] [--slurm | --emit k8s]</c>: the clusters of a
/// fleet file, each a shard's unit of work; a whole run writes fleet.json, sites.csv and clusters.csv,
/// a shard writes fleet-shard-i-of-N.json for <c>clustersim merge</c>.
/// </summary>
internal static class FleetCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "Fleet file (see scenarios/fleets/)." };
        var shard = new Option<string?>("--shard") { Description = "Run only clusters with index % N == i and write fleet-shard-i-of-N.json for 'clustersim merge'.", HelpName = "i/N" };
        var parallel = new Option<int>("--parallel") { Description = "Clusters run at once (default: one per core)." };
        var outDir = new Option<string?>("--out") { Description = "Output directory (default: out/<fleet name>/fleet)." };
        var command = new Command("fleet", "Run a fleet of clusters behind one front door (sharded over machines with --shard, --slurm or --emit k8s)");
        command.Arguments.Add(file);
        command.Options.Add(shard);
        command.Options.Add(parallel);
        command.Options.Add(outDir);
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
                var plan = Fleet.Prepare(parsed.GetValue(file)!);
                var dir = parsed.GetValue(outDir) ?? Path.Combine("out", plan.Name, "fleet");
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fleet '{plan.Name}': {plan.ClusterCount} cluster(s), {plan.Accelerators} accelerator(s){(slice is { } s ? $", shard {s}" : "")}"));
                if (asJobs)
                {
                    var count = jobs.Count(parsed, plan.ClusterCount, "clusters");
                    JobArray Job(Func<string, string> path) => new(
                        plan.Name, count, path(dir), "fleet-shard",
                        ["fleet", path(parsed.GetValue(file)!), "--parallel", JobArray.ThreadsToken, "--shard", JobArray.ShardToken, "--out", path(dir)],
                        ["merge", path(dir), "--out", path(dir), "--force"]);
                    return jobs.Write(parsed, Job(Path.GetFullPath), Job(p => p), dir, "fleet.json, sites.csv, clusters.csv", stdout);
                }

                var result = Fleet.Run(plan, slice, parsed.GetValue(parallel));
                if (slice is not null)
                {
                    var path = result.WriteShard(dir);
                    stdout.WriteLine($"wrote {path}; when every shard is done: clustersim merge {dir}");
                }
                else
                {
                    foreach (var path in result.WriteOutputs(dir))
                    {
                        stdout.WriteLine($"wrote {path}");
                    }

                    if (result.OtherKindsNote is { } note)
                    {
                        stdout.WriteLine($"note: {note}");
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
}
