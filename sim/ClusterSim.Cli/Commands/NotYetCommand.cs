using System.CommandLine;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// A command whose capability lands in a later issue: it says so plainly and exits non-zero,
/// so nobody mistakes it for a working command.
/// </summary>
internal static class NotYetCommand
{
    public static Command Create(string name, string description, string issue, TextWriter stderr)
    {
        var command = new Command(name, description + " (not available yet)");
        command.SetAction(_ =>
        {
            stderr.WriteLine($"clustersim {name}: not available yet; it arrives with {issue}.");
            return ExitCodes.Failed;
        });
        return command;
    }
}
