using System.CommandLine;

namespace ClusterSim.Cli.Commands;

internal static class SchemaCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
        => NotYetCommand.Create("schema", "Print the JSON Schema of scenario files", "the scenario issue", stderr);
}
