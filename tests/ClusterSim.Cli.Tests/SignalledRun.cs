using System.Diagnostics;
using System.Globalization;

namespace ClusterSim.Cli.Tests;

/// <summary>
/// The built clustersim in its own process, to be signalled with kill(1) as a user's Ctrl-C or a scheduler's SIGTERM
/// would: what the signal tests of each command share. Unix only (<see cref="Supported"/>).
/// </summary>
internal sealed class SignalledRun : IDisposable
{
    private readonly Process _process;

    private SignalledRun(Process process)
    {
        _process = process;
        Error = process.StandardError.ReadToEndAsync();
        Output = process.StandardOutput.ReadToEndAsync();
    }

    /// <summary>Whether this system has kill(1) to send the signal with.</summary>
    public static bool Supported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    public Task<string> Error { get; }

    public Task<string> Output { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>clustersim</c> with <paramref name="arguments"/>, its output read as it comes.</summary>
    public static SignalledRun Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "clustersim.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new SignalledRun(Process.Start(start)!);
    }

    /// <summary>Sends <paramref name="signal"/> (INT, TERM) and waits up to <paramref name="stopWithin"/> for the process to end; throws if it does not.</summary>
    public async Task SignalAndWait(string signal, TimeSpan stopWithin)
    {
        using (var kill = Process.Start("kill", ["-s", signal, _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        using var stop = new CancellationTokenSource(stopWithin);
        await _process.WaitForExitAsync(stop.Token);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
