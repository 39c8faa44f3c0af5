using System.CommandLine;

namespace ClusterSim.Cli.Commands;

internal static class PlanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
        => NotYetCommand.Create("plan", "Find the cheapest cluster that meets the SLOs at a target load", "the analysis issue", stderr);
}
