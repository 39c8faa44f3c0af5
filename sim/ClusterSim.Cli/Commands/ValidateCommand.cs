using System.CommandLine;
using ClusterSim.Analysis.Fleets;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Fleets;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim validate FILE... [--set PATH=VALUE]</c>: checks scenarios, and fleet files with every
/// cluster's scenario as the fleet overrides it, without running them.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Scenario or fleet files to check (a fleet file is recognised by its sites and front_door keys).",
            Arity = ArgumentArity.OneOrMore,
        };
        var set = ScenarioOptions.CreateSet();
        var command = new Command("validate", "Check scenario and fleet files and report every error with file, line and column");
        command.Arguments.Add(files);
        command.Options.Add(set);
        command.SetAction(parsed =>
        {
            var sets = parsed.GetValue(set) ?? [];
            var failed = 0;
            foreach (var file in parsed.GetValue(files) ?? [])
            {
                if (IsFleetFile(file))
                {
                    failed += ValidateFleet(file, sets, stdout, stderr) ? 0 : 1;
                    continue;
                }

                try
                {
                    var scenario = ScenarioLoader.Load(file, sets);

                    // Compiling checks what the loader cannot (a power cap below idle power, a policy
                    // or predictor that does not exist), so "ok" here means `run` accepts the file.
                    _ = ScenarioCompiler.Compile(scenario);
                    var accelerators = scenario.Hardware.Nodes.Sum(n => n.TotalAccelerators);
                    stdout.WriteLine($"{file}: ok ({Count(scenario.Workloads.Count, "workload")}, "
                                     + $"{Count(scenario.Deployments.Count, "deployment")}, {Count(accelerators, "accelerator")})");
                }
                catch (ScenarioException ex)
                {
                    ScenarioOptions.PrintErrors(ex, stderr);
                    stderr.WriteLine($"{file}: {Count(ex.Errors.Count, "error")}");
                    failed++;
                }
            }

            return failed == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
        });
        return command;
    }

    /// <summary>
    /// Checks a fleet file, then loads and compiles every cluster's scenario with the fleet's
    /// overrides (what <c>clustersim fleet</c> does before running): "ok" means the fleet runs.
    /// </summary>
    private static bool ValidateFleet(string file, IReadOnlyList<string> sets, TextWriter stdout, TextWriter stderr)
    {
        if (sets.Count > 0)
        {
            // Applying them to every cluster would check a fleet that 'clustersim fleet' never runs.
            stderr.WriteLine($"{file}: error: --set overrides scenarios; a fleet's clusters take theirs from each site's 'set:' in the fleet file");
            return false;
        }

        try
        {
            var plan = Fleet.Prepare(file);
            var sites = plan.Spec.Clusters.Select(c => c.Site).Distinct().Count();
            stdout.WriteLine($"{file}: ok (fleet '{plan.Name}': {Count(plan.ClusterCount, "cluster")} in {Count(sites, "site")}, {Count(plan.Accelerators, "accelerator")})");
            return true;
        }
        catch (ScenarioException ex)
        {
            ScenarioOptions.PrintErrors(ex, stderr);
            stderr.WriteLine($"{file}: {Count(ex.Errors.Count, "error")}");
        }
        catch (SweepInputException ex)
        {
            CliErrors.PrintSweepErrors(ex, stderr);
            stderr.WriteLine($"{file}: {Count(ex.Errors.Count, "error")} in the fleet's clusters");
        }

        return false;
    }

    /// <summary>Whether <paramref name="file"/> reads as a fleet; an unreadable file is left to the scenario loader, which says why.</summary>
    private static bool IsFleetFile(string file)
    {
        try
        {
            return File.Exists(file) && FleetLoader.IsFleet(File.ReadAllText(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Count(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
