using System.CommandLine;

namespace ClusterSim.Cli.Commands;

internal static class BenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
        => NotYetCommand.Create("bench", "Run the standard performance cases", "the engine issue", stderr);
}
