using System.CommandLine;

namespace ClusterSim.Cli.Commands;

internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
        => NotYetCommand.Create("validate", "Check scenario files and report every error with file, line and column", "the scenario issue", stderr);
}
