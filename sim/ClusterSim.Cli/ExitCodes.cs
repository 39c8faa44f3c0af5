namespace ClusterSim.Cli;

/// <summary>Exit codes every command keeps to, so scripts can tell bad input from a failed run.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The run finished but something it checks failed (an SLO verdict asked to fail the run, say).</summary>
    public const int Failed = 1;

    /// <summary>Bad input: a malformed scenario, an unknown option, a missing file.</summary>
    public const int BadInput = 2;
}
