using System.CommandLine;
using ClusterSim.Analysis.Fleets;
using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim merge PATH... [--out DIR]</c>: combines the shard files of a sweep run with
/// <c>--shard i/N</c> (directories are searched for shard-*-of-*.json) into exactly the files the
/// sweep writes when run on one machine.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths") { Description = "Shard files, or directories holding shard-*-of-*.json (a sweep) or fleet-shard-*-of-*.json (a fleet).", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string?>("--out") { Description = "Output directory (default: out/<scenario name>/sweep, as the sweep itself)." };
        var force = new Option<bool>("--force") { Description = "Replace the sweep files already in the output directory." };
        var command = new Command("merge", "Combine the shard outputs of 'clustersim sweep --shard i/N' into sweep.csv, sweep.json and charts");
        command.Arguments.Add(paths);
        command.Options.Add(outDir);
        command.Options.Add(force);
        command.SetAction(parsed =>
        {
            try
            {
                if (CliErrors.RejectEmptyPath("--out", parsed.GetValue(outDir), stderr))
                {
                    return ExitCodes.BadInput;
                }

                if (FleetShards.AreFleetShards(parsed.GetValue(paths) ?? []))
                {
                    return MergeFleet(parsed.GetValue(paths) ?? [], parsed.GetValue(outDir), parsed.GetValue(force), stdout, stderr);
                }

                var files = SweepShards.Find(parsed.GetValue(paths) ?? []);
                var merged = SweepShards.Merge(files);
                var dir = parsed.GetValue(outDir) ?? Path.Combine("out", merged.ScenarioName, "sweep");
                var existing = new[] { "sweep.csv", "sweep.json", "runs.csv" }.Select(f => Path.Combine(dir, f)).Where(File.Exists).ToList();
                if (existing.Count > 0 && !parsed.GetValue(force))
                {
                    stderr.WriteLine($"error: {dir} already holds sweep results ({string.Join(", ", existing.Select(Path.GetFileName))}); add --force to replace them, or merge into another --out");
                    return ExitCodes.BadInput;
                }

                stdout.WriteLine($"merged {files.Count} shard file(s): {merged.PointCount} points");
                foreach (var path in merged.WriteOutputs(dir))
                {
                    stdout.WriteLine($"wrote {path}");
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

    /// <summary>Fleet shards (fleet-shard-i-of-N.json) into fleet.json, sites.csv and clusters.csv.</summary>
    private static int MergeFleet(IReadOnlyList<string> paths, string? outDir, bool force, TextWriter stdout, TextWriter stderr)
    {
        var files = FleetShards.Find(paths);
        var merged = FleetShards.Merge(files);
        var dir = outDir ?? Path.Combine("out", merged.Name, "fleet");
        var existing = new[] { "fleet.json", "sites.csv", "clusters.csv" }.Select(f => Path.Combine(dir, f)).Where(File.Exists).ToList();
        if (existing.Count > 0 && !force)
        {
            stderr.WriteLine($"error: {dir} already holds fleet results ({string.Join(", ", existing.Select(Path.GetFileName))}); add --force to replace them, or merge into another --out");
            return ExitCodes.BadInput;
        }

        stdout.WriteLine($"merged {files.Count} fleet shard file(s): {merged.ClusterCount} clusters");
        foreach (var path in merged.WriteOutputs(dir))
        {
            stdout.WriteLine($"wrote {path}");
        }

        if (merged.OtherKindsNote is { } note)
        {
            stdout.WriteLine($"note: {note}");
        }

        return ExitCodes.Ok;
    }
}
