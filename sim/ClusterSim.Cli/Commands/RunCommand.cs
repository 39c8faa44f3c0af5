using System.CommandLine;

namespace ClusterSim.Cli.Commands;

internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
        => NotYetCommand.Create("run", "Run a scenario and report latency, throughput, energy and cost", "the text-serving issue", stderr);
}
