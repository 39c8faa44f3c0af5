using System.CommandLine;

namespace ClusterSim.Cli.Commands;

internal static class SweepCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
        => NotYetCommand.Create("sweep", "Run a scenario over a grid of parameter values", "the analysis issue", stderr);
}
