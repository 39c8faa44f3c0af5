using System.CommandLine;
using ClusterSim.Scenarios;

namespace ClusterSim.Cli.Commands;

/// <summary><c>clustersim schema [--out FILE]</c>: the JSON Schema of scenario files, for editors.</summary>
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
        var command = new Command("schema", "Print the JSON Schema of scenario files (for a YAML language server)");
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(parsed =>
        {
            var schema = ScenarioJsonSchema.Generate();
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
