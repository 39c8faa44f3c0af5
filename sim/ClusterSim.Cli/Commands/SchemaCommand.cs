using System.CommandLine;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Scenarios;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim schema [--summary] [--out FILE] [--force]</c>: the JSON Schema of scenario files, for
/// editors, or with <c>--summary</c> that of summary.json, for whoever reads results.
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
        var command = new Command("schema", "Print the JSON Schema of scenario files (for a YAML language server), or of summary.json with --summary");
        command.Options.Add(summary);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(parsed =>
        {
            var schema = parsed.GetValue(summary) ? SummarySchema.Generate() : ScenarioJsonSchema.Generate();
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
