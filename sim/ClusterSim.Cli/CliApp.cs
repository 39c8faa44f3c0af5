using System.CommandLine;
using ClusterSim.Cli.Commands;

namespace ClusterSim.Cli;

/// <summary>The `clustersim` command tree: thin, each command parses and hands over to a library.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(
            "ClusterSim: discrete-event simulation of AI inference clusters (latency, energy, cost).");
        root.Options.Add(ScenarioOptions.CreatePlugin());
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(ValidateCommand.Create(stdout, stderr));
        root.Subcommands.Add(SweepCommand.Create(stdout, stderr));
        root.Subcommands.Add(ExploreCommand.Create(stdout, stderr));
        root.Subcommands.Add(PlanCommand.Create(stdout, stderr));
        root.Subcommands.Add(CapacityCommand.Create(stdout, stderr));
        root.Subcommands.Add(AccuracyCommand.Create(stdout, stderr));
        root.Subcommands.Add(StepCommand.Create(stdout, stderr));
        root.Subcommands.Add(MergeCommand.Create(stdout, stderr));
        root.Subcommands.Add(FleetCommand.Create(stdout, stderr));
        root.Subcommands.Add(BenchCommand.Create(stdout, stderr));
        root.Subcommands.Add(CatalogCommand.Create(stdout, stderr));
        root.Subcommands.Add(SchemaCommand.Create(stdout, stderr));
        root.Subcommands.Add(CalibrateCommand.Create(stdout, stderr));
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot(stdout, stderr);
        var parsed = root.Parse(args);
        var unknown = UnknownTokens.Find(parsed);
        if (parsed.Errors.Count > 0 || unknown.Count > 0)
        {
            // Unknown tokens once each, with a suggestion, in place of the parser's plain "Unrecognized ..." lines.
            foreach (var message in unknown)
            {
                stderr.WriteLine($"error: {message}");
            }

            // The parser's own lines about the same tokens ("Unrecognized ...", "Required command was not provided") would only repeat them.
            foreach (var error in unknown.Count > 0 ? [] : parsed.Errors)
            {
                stderr.WriteLine($"error: {error.Message}");
            }

            stderr.WriteLine("Run 'clustersim --help' for usage.");
            return ExitCodes.BadInput;
        }

        var plugin = root.Options.OfType<Option<string[]>>().Single(o => o.Name == ScenarioOptions.PluginOptionName);
        if (!ScenarioOptions.TryLoadPlugins(parsed.GetValue(plugin) ?? [], stderr))
        {
            return ExitCodes.BadInput;
        }

        // The library's default handler prints the stack trace and exits 1 for whatever escapes a
        // command; users get a one-line message instead, and bad input keeps exit code 2.
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return parsed.Invoke(config);
        }
        catch (Exception ex)
        {
            return CliErrors.Report(ex, stderr);
        }
    }
}
