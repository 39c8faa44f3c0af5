using System.CommandLine;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Cli.Commands;

/// <summary><c>clustersim validate FILE... [--set PATH=VALUE]</c>: checks scenarios without running them.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Scenario files to check.",
            Arity = ArgumentArity.OneOrMore,
        };
        var set = ScenarioOptions.CreateSet();
        var command = new Command("validate", "Check scenario files and report every error with file, line and column");
        command.Arguments.Add(files);
        command.Options.Add(set);
        command.SetAction(parsed =>
        {
            var sets = parsed.GetValue(set) ?? [];
            var failed = 0;
            foreach (var file in parsed.GetValue(files) ?? [])
            {
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

    private static string Count(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
