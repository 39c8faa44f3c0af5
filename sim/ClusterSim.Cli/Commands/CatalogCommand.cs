using System.CommandLine;

namespace ClusterSim.Cli.Commands;

internal static class CatalogCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
        => NotYetCommand.Create("catalog", "List the accelerators and models in the catalog", "the scenario issue", stderr);
}
