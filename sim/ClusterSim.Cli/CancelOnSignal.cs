using System.Runtime.InteropServices;

namespace ClusterSim.Cli;

/// <summary>
/// Turns Ctrl-C (SIGINT) and SIGTERM into a cancellation, so a run can remove its temporary files and
/// say so, instead of the process dying with a half-written file. Exit codes follow the shell's rule
/// (128 + signal): 130 for SIGINT, 143 for SIGTERM.
/// </summary>
internal sealed class CancelOnSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public CancelOnSignal()
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Cancel(c, 130)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Cancel(c, 143)));
    }

    public CancellationToken Token => _source.Token;

    /// <summary>The exit code the signal that cancelled asks for (130 when cancelled otherwise).</summary>
    public int ExitCode { get; private set; } = 130;

    public void Dispose()
    {
        foreach (var r in _registrations)
        {
            r.Dispose();
        }

        _source.Dispose();
    }

    private void Cancel(PosixSignalContext context, int exitCode)
    {
        context.Cancel = true; // the run ends itself, cleaning up on the way
        if (!_source.IsCancellationRequested)
        {
            ExitCode = exitCode;
            _source.Cancel();
        }
    }
}
