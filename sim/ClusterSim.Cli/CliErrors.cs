using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Workloads.Traces;
using ClusterSim.Scenarios;

namespace ClusterSim.Cli;

/// <summary>
/// How every command turns a failure into a message and an exit code, in one place so they cannot
/// drift apart: a readable <c>error: ...</c> line on stderr, never a stack trace; exit 2 for bad
/// input, 1 for anything else.
/// </summary>
internal static class CliErrors
{
    /// <summary>
    /// Exceptions that bad input (a path, a file's contents, an option value) raises in the
    /// libraries. InvalidOperationException is deliberately absent: commands catch it where they
    /// know it comes from input (compiling or running a scenario); elsewhere it means a bug.
    /// </summary>
    public static bool IsInputError(Exception ex)
        => ex is SweepInputException or ScenarioException or TraceFormatException
            or IOException or UnauthorizedAccessException or ArgumentException or FormatException or NotSupportedException;

    /// <summary>Prints <paramref name="ex"/> for a user and returns the exit code to end with.</summary>
    public static int Report(Exception ex, TextWriter stderr)
    {
        switch (ex)
        {
            case SweepInputException sweep:
                PrintSweepErrors(sweep, stderr);
                return ExitCodes.BadInput;
            case ScenarioException scenario:
                ScenarioOptions.PrintErrors(scenario, stderr);
                return ExitCodes.BadInput;
            case var _ when IsInputError(ex):
                stderr.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            default:
                // Still no stack trace (users cannot act on one), but say plainly this is ours to fix.
                stderr.WriteLine($"error: {ex.Message}");
                stderr.WriteLine($"error: this is a bug in clustersim ({ex.GetType().Name}); please report it with the command line that caused it.");
                return ExitCodes.Failed;
        }
    }

    /// <summary>Each message of a sweep, merge or plan error; located ones (<c>where: what</c>) as they are.</summary>
    public static void PrintSweepErrors(SweepInputException ex, TextWriter stderr)
    {
        foreach (var error in ex.Errors)
        {
            stderr.WriteLine(error.Contains(": ", StringComparison.Ordinal) ? error : "error: " + error);
        }
    }

    /// <summary>The <c>--parallel</c> rule sweep and plan share: 0 (the default) means one per core.</summary>
    public static void CheckParallel(int parallel)
    {
        if (parallel < 0)
        {
            throw new SweepInputException(FormattableString.Invariant($"--parallel {parallel}: expected 1 or more (0 or nothing: one per core)"));
        }
    }

    /// <summary>
    /// An output path given but empty (<c>--out ""</c>) is refused with a message naming the option,
    /// rather than left to the file system's less helpful complaint.
    /// </summary>
    public static bool RejectEmptyPath(string option, string? value, TextWriter stderr)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            stderr.WriteLine($"error: {option}: expected a path, got an empty one");
            return true;
        }

        return false;
    }
}
