using System.CommandLine;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Fleets;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim schema [--summary | --fleet] [--out FILE] [--force]</c>: the JSON Schema of scenario
/// files, for editors; with <c>--fleet</c> that of fleet files; with <c>--summary</c> that of
/// summary.json, for whoever reads results.
/// </summary>
internal static class SchemaCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string?>("--out")
        {
            Description = "Write the schema to this file instead of standard output.",
            HelpName = "FILE",
        };
        var force = new Option<bool>("--force") { Description = "Replace --out when it exists with other content." };
        var summary = new Option<bool>("--summary") { Description = "The schema of summary.json (a run's results) instead of scenario files." };
        var fleet = new Option<bool>("--fleet") { Description = "The schema of fleet files (scenarios/fleets/) instead of scenario files." };
        var command = new Command("schema", "Print the JSON Schema of scenario files (for a YAML language server), of fleet files with --fleet, or of summary.json with --summary");
        command.Options.Add(summary);
        command.Options.Add(fleet);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(summary) && parsed.GetValue(fleet))
            {
                stderr.WriteLine("error: --summary and --fleet each ask for one schema; give one of them");
                return ExitCodes.BadInput;
            }

            var schema = parsed.GetValue(summary) ? SummarySchema.Generate()
                : parsed.GetValue(fleet) ? FleetJsonSchema.Generate()
                : ScenarioJsonSchema.Generate();
            var file = parsed.GetValue(output);
            if (file is null)
            {
                stdout.Write(schema);
                return ExitCodes.Ok;
            }

            if (CliErrors.RejectEmptyPath("--out", file, stderr))
            {
                return ExitCodes.BadInput;
            }

            if (!parsed.GetValue(force) && File.Exists(file) && File.ReadAllText(file) != schema)
            {
                stderr.WriteLine($"error: {file} exists with other content; add --force to replace it");
                return ExitCodes.BadInput;
            }

            try
            {
                // Editors read this file; a failed write must not leave it cut short.
                AtomicFile.WriteAllText(file, schema);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"{file}: cannot write the schema: {ex.Message}");
                return ExitCodes.BadInput;
            }

            stdout.WriteLine($"wrote {file}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
